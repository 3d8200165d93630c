/**
 * "Chrome 156 on Linux" from a User-Agent header, through ua-parser-js (v1, MIT). The header is
 * whatever the client sent: shown as text, escaped by the template, never trusted.
 *
 * @module
 */
import { UAParser } from 'ua-parser-js';

/** A session's device as the sessions page shows it. */
export interface Device {
  label: string;
  kind: 'desktop' | 'mobile' | 'tablet' | 'unknown';
}

const MAX_USER_AGENT_LENGTH = 512;

/**
 * @example
 * describeDevice('Mozilla/5.0 (X11; Linux x86_64) … Chrome/156.0.0.0 Safari/537.36');
 * // { label: 'Chrome 156 on Linux', kind: 'desktop' }
 */
export function describeDevice(userAgent: string | null): Device {
  if (userAgent === null || userAgent.trim() === '') return { label: 'Unknown device', kind: 'unknown' };
  const result = new UAParser(userAgent.slice(0, MAX_USER_AGENT_LENGTH)).getResult();
  const browser = [result.browser.name, result.browser.major].filter(Boolean).join(' ');
  const os = result.os.name ?? '';
  const type = result.device.type;
  const kind = type === 'mobile' || type === 'tablet' ? type : browser || os ? 'desktop' : 'unknown';
  if (!browser && !os) return { label: 'Unknown browser', kind };
  return { label: browser && os ? `${browser} on ${os}` : browser || os, kind };
}
