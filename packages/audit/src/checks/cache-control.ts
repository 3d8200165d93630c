/**
 * Caching of authenticated pages (WSTG-ATHN-06; ASVS 5.0 14.3.2). Without `Cache-Control:
 * no-store`, a signed-in page can be kept by the browser (back button after logout, shared
 * computers) or by a proxy and shown to the next person.
 *
 * @module
 */
import { shortUrl } from '../http/target.js';
import type { Check } from './check.js';
import { fail, pass } from './check.js';

/** The protected page is served with `Cache-Control: no-store`. */
export const cacheControl: Check = {
  id: 'cache-control',
  title: 'Authenticated pages are not cached',
  wstg: ['WSTG-ATHN-06'],
  asvs: ['14.3.2'],
  fix: 'Send Cache-Control: no-store on every response to a signed-in user.',
  severity: 'low',
  async run(ctx) {
    const victim = await ctx.signIn();
    const hop = await victim.send('GET', ctx.options.protectedPath, {
      headers: { 'sec-fetch-site': 'same-origin' },
    });
    const header = hop.headers.get('cache-control');
    const shown = `GET ${shortUrl(hop.url)} → ${hop.status}, Cache-Control: ${header ?? '(none)'}`;
    const noStore = header !== null && header.split(',').some((d) => d.trim().toLowerCase() === 'no-store');
    return noStore ? pass(shown) : fail(`${shown} (no no-store)`);
  },
};
