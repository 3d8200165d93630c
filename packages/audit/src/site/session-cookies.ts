/**
 * Which cookies carry the session, found by experiment rather than by name: after signing in,
 * drop one cookie at a time and ask the protected page. A cookie without which the page is
 * refused is a session cookie (WSTG-SESS-01, "session management schema").
 *
 * @module
 */
import type { AuditContext, Token } from '../context.js';
import { AuditAbort } from '../errors.js';
import type { Agent } from '../http/agent.js';

const MAX_CANDIDATES = 12;
const NAME_HINT = /sess|sid|auth|token|login/i;

/**
 * The session cookie names of a signed-in agent, or throw `AuditAbort` when none can be told.
 *
 * @example
 * const names = await findSessionCookies(ctx, signedInAgent); // ['__Host-sid']
 */
export async function findSessionCookies(ctx: AuditContext, agent: Agent): Promise<string[]> {
  const names = agent.jar.names();
  const given = ctx.options.sessionCookies;
  if (given.length > 0) {
    const missing = given.filter((name) => !names.includes(name));
    if (missing.length > 0) {
      throw new AuditAbort(
        'login-failed',
        `after sign-in the browser holds no cookie named ${missing.join(', ')}`,
      );
    }
    return given;
  }
  if (names.length === 0) {
    throw new AuditAbort(
      'login-failed',
      'signed in, but no cookie was set: sesame-session-audit audits cookie-based sessions',
    );
  }
  const all: Token = Object.fromEntries(names.map((name) => [name, agent.jar.get(name) ?? '']));
  const required: string[] = [];
  for (const name of names.slice(0, MAX_CANDIDATES)) {
    const without = Object.fromEntries(Object.entries(all).filter(([other]) => other !== name));
    if (!(await ctx.isSignedIn(ctx.agentWithToken(without)))) required.push(name);
  }
  if (required.length > 0) return required;
  const guessed = names.filter((name) => NAME_HINT.test(name));
  if (guessed.length > 0) return guessed;
  throw new AuditAbort(
    'login-failed',
    `could not tell which of ${names.join(', ')} carries the session; name it with --session-cookie`,
  );
}
