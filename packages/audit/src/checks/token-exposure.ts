/**
 * The session token anywhere but in `Set-Cookie` (WSTG-SESS-04; ASVS 5.0 14.2.1, 3.3.4): in a
 * redirect URL (it lands in logs, history and `Referer`), in a page body (readable by any script
 * that can read the page), or in another response header. Every response of one sign-in is
 * scanned: login page, login answer, redirects, protected page.
 *
 * @module
 */
import type { Hop } from '../http/agent.js';
import { shortUrl } from '../http/target.js';
import type { Check } from './check.js';
import { judge } from './check.js';

/** Shorter values are too likely to match by chance (`1`, `true`). */
const MIN_TOKEN_LENGTH = 12;

function forms(value: string): string[] {
  let decoded = value;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    // not percent-encoded: the raw value is searched
  }
  return [...new Set([value, decoded, encodeURIComponent(decoded)])];
}

function leaksIn(hop: Hop, needles: readonly string[]): string[] {
  const where = `${hop.method} ${shortUrl(hop.url)}`;
  const found: string[] = [];
  const has = (text: string): boolean => needles.some((n) => text.includes(n));
  if (hop.location !== null && has(hop.location.href)) found.push(`in the redirect URL of ${where}`);
  if (has(hop.body)) found.push(`in the body of ${where}`);
  hop.headers.forEach((value, name) => {
    if (name !== 'set-cookie' && name !== 'location' && has(value))
      found.push(`in the ${name} header of ${where}`);
  });
  return found;
}

/** The token never appears in a URL, a body or a header other than `Set-Cookie`. */
export const tokenExposure: Check = {
  id: 'token-exposure',
  title: 'Token only in the cookie',
  wstg: ['WSTG-SESS-04'],
  asvs: ['14.2.1', '3.3.4'],
  fix: 'Carry the session token only in the Set-Cookie/Cookie headers, never in URLs, page bodies or other headers.',
  severity: 'high',
  async run(ctx) {
    const victim = await ctx.signIn();
    await victim.send('GET', ctx.options.protectedPath, { headers: { 'sec-fetch-site': 'same-origin' } });
    const names = new Set(ctx.site.sessionCookies);
    const values = new Set<string>();
    for (const hop of victim.seen) {
      for (const { cookie } of hop.cookies) {
        if (names.has(cookie.name) && cookie.value.length >= MIN_TOKEN_LENGTH) values.add(cookie.value);
      }
    }
    const needles = [...values].flatMap(forms);
    const findings = [...new Set(victim.seen.flatMap((hop) => leaksIn(hop, needles)))].map(
      (w) => `token ${w}`,
    );
    return judge(
      findings,
      `${victim.seen.length} responses of a sign-in scanned; the token appears only in Set-Cookie`,
    );
  },
};
