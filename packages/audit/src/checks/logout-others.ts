/**
 * "Sign out of all other sessions" (WSTG-SESS-11; ASVS 5.0 7.4.3, 7.5.2): a user who suspects a
 * stolen session must be able to end it from their own. Only where the site offers it: the
 * endpoint comes from `--logout-others-path` or `logoutOthers` in `--config`.
 *
 * @module
 */
import { shortUrl } from '../http/target.js';
import type { Check } from './check.js';
import { fail, pass, skip } from './check.js';

/** Another session of the same user is refused after "sign out other sessions". */
export const logoutOthers: Check = {
  id: 'logout-others',
  title: 'Sign-out of other sessions',
  wstg: ['WSTG-SESS-11'],
  asvs: ['7.4.3', '7.5.2'],
  fix: 'Keep an index of sessions per user and delete every other one when the user asks (and after a password change).',
  severity: 'medium',
  async run(ctx) {
    const endpoint = ctx.options.logoutOthers;
    if (endpoint === null) {
      return skip(
        'the site was not said to offer "sign out other sessions" (--logout-others-path or logoutOthers in --config)',
      );
    }
    const other = await ctx.signIn();
    const current = await ctx.signIn();
    const { hops, final } = await ctx.callEndpoint(current, endpoint);
    const first = hops[0] ?? final;
    const status = `${first.method} ${shortUrl(first.url)} → ${first.status}`;
    if (await ctx.isSignedIn(other)) {
      return fail(`${status}; the other session is still signed in afterwards`);
    }
    const stays = (await ctx.isSignedIn(current))
      ? 'this session stays signed in'
      : 'this session was ended too';
    return pass(`${status}; the other session is refused afterwards; ${stays}`);
  },
};
