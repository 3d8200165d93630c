/**
 * Every other cookie the site sets on the way to a signed-in page (WSTG-SESS-02; ASVS 5.0
 * 3.3.1). The session cookie has its own check; the rest travel beside it and some matter as
 * much: a CSRF cookie without `Secure` is readable and writable by anyone on the network path,
 * and its value is what a forged request needs (double-submit schemes such as Django's), so it
 * is a medium finding of its own; any other cookie without `Secure`, or shared with other hosts
 * through `Domain`, is low (issue 14).
 *
 * @module
 */
import type { SeenSetCookie } from '../http/cookie-jar.js';
import type { Check, Severity } from './check.js';
import { fail, pass } from './check.js';

const CSRF_COOKIE = /csrf|xsrf/i;

interface Finding {
  text: string;
  severity: Severity;
}

function findingsOf({ cookie }: SeenSetCookie): Finding[] {
  const csrfCookie = CSRF_COOKIE.test(cookie.name);
  const findings: Finding[] = [];
  if (cookie.secure !== true) {
    findings.push({
      text: csrfCookie
        ? `${cookie.name}: Secure missing on the CSRF cookie (anyone on the network path can read or plant the value forged requests need)`
        : `${cookie.name}: Secure missing`,
      severity: csrfCookie ? 'medium' : 'low',
    });
  }
  if (cookie.sameSite?.toLowerCase() === 'none' && csrfCookie)
    findings.push({ text: `${cookie.name}: SameSite=None on the CSRF cookie`, severity: 'low' });
  if (cookie.domain !== undefined && cookie.domain !== '')
    findings.push({
      text: `${cookie.name}: Domain=${cookie.domain} shares it with other hosts`,
      severity: 'low',
    });
  return findings;
}

/** Non-session cookies set while signing in carry Secure, and no Domain. */
export const otherCookies: Check = {
  id: 'other-cookies',
  title: 'Other cookies set while signed in',
  wstg: ['WSTG-SESS-02'],
  asvs: ['3.3.1'],
  fix: 'Mark every cookie Secure (the CSRF cookie first: CSRF_COOKIE_SECURE in Django), with no Domain unless sibling hosts need it.',
  severity: 'low',
  run(ctx) {
    const others = ctx.site.signedInSetCookies.filter(
      (c) => !ctx.site.sessionCookies.includes(c.cookie.name),
    );
    if (others.length === 0) return Promise.resolve(pass('no cookie besides the session cookie'));
    const findings = others.flatMap(findingsOf);
    if (findings.length === 0) {
      return Promise.resolve(pass(`${others.map((c) => c.cookie.name).join(', ')}: Secure, no Domain`));
    }
    const severity = findings.some((f) => f.severity === 'medium') ? 'medium' : 'low';
    return Promise.resolve(fail(findings.map((f) => f.text).join('; '), severity));
  },
};
