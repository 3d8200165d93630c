/**
 * Idle timeout (WSTG-SESS-07; ASVS 5.0 7.3.1), opt-in because it waits: sign in, send nothing for
 * `--idle-wait`, then replay the token. The replay carries the token with no client-side expiry,
 * so a timeout that exists only as the cookie's Max-Age does not count: the server must refuse.
 *
 * @module
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { CheckError } from '../context.js';
import { formatDurationMs } from '../duration.js';
import type { Check } from './check.js';
import { fail, pass, skip } from './check.js';

/** The server refuses a token left idle for `--idle-wait`. */
export const idleTimeout: Check = {
  id: 'idle-timeout',
  title: 'Idle timeout on the server',
  wstg: ['WSTG-SESS-07'],
  asvs: ['7.3.1'],
  fix: 'Expire sessions on the server after a period without requests (e.g. 30 minutes), checked on every load.',
  severity: 'medium',
  async run(ctx) {
    const waitMs = ctx.options.idleWaitMs;
    if (waitMs === null) {
      return skip(
        "opt-in: pass --idle-wait with a little more than the site's idle timeout (e.g. --idle-wait 31m)",
      );
    }
    if (waitMs >= ctx.client.options.budget.remainingMs()) {
      return skip(`the time limit ends before a ${formatDurationMs(waitMs)} wait; raise --time-limit`);
    }
    const victim = await ctx.signIn();
    const token = ctx.tokenOf(victim);
    if (token === null) throw new CheckError('signed in but holds no session cookie');
    ctx.progress.note(`waiting ${formatDurationMs(waitMs)} without a request…`);
    await sleep(waitMs);
    const idle = formatDurationMs(waitMs);
    return (await ctx.isSignedIn(ctx.agentWithToken(token)))
      ? fail(`the token is still signed in after ${idle} without a request`)
      : pass(`the token is refused after ${idle} without a request`);
  },
};
