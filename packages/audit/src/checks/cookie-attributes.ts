/**
 * The session cookie's attributes, read from the `Set-Cookie` headers seen while signing in
 * (WSTG-SESS-02; ASVS 5.0 V3.3). A browser enforces what these attributes say, so each missing one
 * is an attack a browser no longer stops: theft over plain HTTP (Secure), theft by script
 * (HttpOnly), cross-site sending (SameSite), sharing with sibling hosts (Domain, no `__Host-`).
 *
 * @module
 */
import type { SeenSetCookie } from '../http/cookie-jar.js';
import type { Check } from './check.js';
import { judge, skip } from './check.js';

/** RFC 6265 §6.1 minimum that browsers must store; ASVS 3.3.5 uses it as the ceiling. */
const MAX_COOKIE_BYTES = 4096;

function problemsOf({ cookie }: SeenSetCookie): string[] {
  const problems: string[] = [];
  const lower = cookie.name.toLowerCase();
  const host = lower.startsWith('__host-');
  if (!host && !lower.startsWith('__secure-')) problems.push('no __Host- (or __Secure-) name prefix');
  if (cookie.secure !== true) problems.push('Secure missing');
  if (cookie.httpOnly !== true) problems.push('HttpOnly missing');
  const sameSite = cookie.sameSite?.toLowerCase();
  if (sameSite === undefined) problems.push('SameSite missing (browsers disagree on the default)');
  else if (sameSite === 'none') problems.push('SameSite=None (sent on cross-site requests)');
  else if (sameSite !== 'lax' && sameSite !== 'strict')
    problems.push(`SameSite=${cookie.sameSite} is not a known value`);
  if (cookie.domain !== undefined && cookie.domain !== '')
    problems.push(`Domain=${cookie.domain} shares it with other hosts`);
  if (host && cookie.path !== '/') problems.push('__Host- without Path=/ (browsers drop it)');
  const bytes = Buffer.byteLength(cookie.name + cookie.value);
  if (bytes > MAX_COOKIE_BYTES) problems.push(`${bytes} bytes (over ${MAX_COOKIE_BYTES})`);
  return problems;
}

function describe({ cookie }: SeenSetCookie): string {
  const parts = [
    cookie.httpOnly === true ? 'HttpOnly' : null,
    cookie.secure === true ? 'Secure' : null,
    cookie.sameSite === undefined ? null : `SameSite=${cookie.sameSite}`,
    `Path=${cookie.path ?? '(default)'}`,
    cookie.domain === undefined ? 'no Domain' : `Domain=${cookie.domain}`,
    cookie.maxAge === undefined && cookie.expires === undefined ? 'browser-session lifetime' : 'persistent',
    `${Buffer.byteLength(cookie.name + cookie.value)} bytes`,
  ];
  return `${cookie.name}: ${parts.filter((p) => p !== null).join('; ')}`;
}

/** Checks `__Host-`/`__Secure-`, HttpOnly, Secure, SameSite, Path, Domain and size of the session cookie. */
export const cookieAttributes: Check = {
  id: 'cookie-attributes',
  title: 'Session cookie attributes',
  wstg: ['WSTG-SESS-02'],
  asvs: ['3.3.1', '3.3.2', '3.3.3', '3.3.4', '3.3.5'],
  fix: 'Name the session cookie __Host-… and set HttpOnly; Secure; SameSite=Lax; Path=/ with no Domain.',
  severity: 'medium',
  run(ctx) {
    const seen = ctx.site.sessionSetCookies;
    if (seen.length === 0) {
      return Promise.resolve(skip('no Set-Cookie for the session cookie was seen while signing in'));
    }
    const problems = new Map<string, Set<string>>();
    const described = new Set<string>();
    for (const header of seen) {
      const found = problems.get(header.cookie.name) ?? new Set<string>();
      for (const problem of problemsOf(header)) found.add(problem);
      problems.set(header.cookie.name, found);
      described.add(describe(header));
    }
    const findings = [...problems]
      .filter(([, p]) => p.size > 0)
      .map(([name, p]) => `${name}: ${[...p].join(', ')}`);
    return Promise.resolve(judge(findings, [...described].join(' | ')));
  },
};
