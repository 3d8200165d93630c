/**
 * Every message a redirect can ask a page to show. Pages take a code from the query string and
 * look it up here, so a link can never make the site display text of the sender's choosing.
 *
 * @module
 */
import type { EndedReason } from 'sesame-session';
import { formatDuration } from './format.js';

export type NoticeCode = 'password-changed' | 'session-ended' | 'session-not-found' | 'others-ended';

const NOTICES: Readonly<Record<NoticeCode, string>> = {
  'password-changed': 'Your password was changed. Every other session was signed out.',
  'session-ended': 'That session was signed out.',
  'session-not-found': 'That session had already ended.',
  'others-ended': 'All your other sessions were signed out.',
};

/** The notice for a `?notice=` value, or `null` for anything unknown. */
export function noticeFor(code: unknown): string | null {
  return typeof code === 'string' && Object.hasOwn(NOTICES, code) ? NOTICES[code as NoticeCode] : null;
}

const ENDED_REASONS: readonly EndedReason[] = ['idle', 'absolute', 'ended', 'malformed', 'unproven'];

/** Narrow a `?ended=` value to an {@link EndedReason}. */
export function parseEndedReason(value: unknown): EndedReason | null {
  return ENDED_REASONS.find((reason) => reason === value) ?? null;
}

/**
 * Why the visitor has to sign in again. `ended` covers a session removed from the store, which
 * is also what an idle timeout looks like once the store has dropped the expired record, so
 * its text names inactivity as one of the causes. Sesame reports a cookie with a wrong secret
 * as `ended` too, so this page cannot tell a guesser which session ids are live (issue 10).
 */
export function endedMessage(
  reason: EndedReason,
  timeouts: { idleTimeoutMs: number; absoluteTimeoutMs: number },
): string {
  const idle = formatDuration(timeouts.idleTimeoutMs);
  switch (reason) {
    case 'idle':
      return `You were signed out after ${idle} of inactivity. Please sign in again.`;
    case 'absolute':
      return `Your session reached its ${formatDuration(timeouts.absoluteTimeoutMs)} limit. Please sign in again.`;
    case 'ended':
      return `Your session has ended: it was signed out from another device, or after ${idle} of inactivity. Please sign in again.`;
    case 'malformed':
      return 'Your session could not be recognised, so you were signed out. Please sign in again.';
    case 'unproven':
      return 'This session is bound to the device it was signed in on, and this browser could not prove it is that device. Please sign in again.';
  }
}
