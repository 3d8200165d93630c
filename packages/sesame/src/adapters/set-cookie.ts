/**
 * Set-Cookie bookkeeping shared by the adapters: a plan's lines replace earlier lines for the same
 * cookie name, so a sign-in then a sign-out in one request sends only the last (RFC 6265 §4.1.1:
 * a response should not carry two Set-Cookie lines for one name).
 *
 * @module
 */

/** The cookie name of a `Set-Cookie` line: what comes before the first `=`. */
export function setCookieName(line: string): string {
  return line.slice(0, line.indexOf('='));
}

/** A response's current `Set-Cookie` header value (Node's `getHeader` shapes) as a list of lines. */
export function setCookieLines(header: unknown): string[] {
  if (Array.isArray(header)) return header.filter((line): line is string => typeof line === 'string');
  return typeof header === 'string' ? [header] : [];
}

/** `previous` without the lines `lines` replace, followed by `lines`. */
export function replaceSetCookies(previous: readonly string[], lines: readonly string[]): string[] {
  const names = new Set(lines.map(setCookieName));
  return [...previous.filter((line) => !names.has(setCookieName(line))), ...lines];
}
