/**
 * The pool of signed-in sessions wrk draws from: made by signing in N times over HTTP, exactly as
 * clients would, and kept as `name=value` lines for pool.lua.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';

const SAME_ORIGIN = { 'sec-fetch-site': 'same-origin' };

/** `name=value` of the first `Set-Cookie`, or `null` when there is none or it is malformed. */
export function cookiePair(setCookies: readonly string[]): string | null {
  const first = setCookies[0];
  if (first === undefined) return null;
  const pair = first.split(';', 1)[0]?.trim() ?? '';
  return /^[^=\s]+=\S+$/.test(pair) ? pair : null;
}

/** Sign in `count` times (10 at a time) and return the cookies. Throws when a sign-in fails. */
export async function signInMany(port: number, count: number): Promise<string[]> {
  const cookies: string[] = [];
  const width = 10;
  for (let start = 0; start < count; start += width) {
    const batch = Array.from({ length: Math.min(width, count - start) }, async () => {
      const response = await fetch(`http://127.0.0.1:${port}/login`, {
        method: 'POST',
        headers: SAME_ORIGIN,
      });
      await response.arrayBuffer();
      const pair = cookiePair(response.headers.getSetCookie());
      if (response.status !== 200 || pair === null) {
        throw new Error(
          `sign-in answered ${response.status} with Set-Cookie ${JSON.stringify(response.headers.getSetCookie())}`,
        );
      }
      return pair;
    });
    cookies.push(...(await Promise.all(batch)));
  }
  return cookies;
}

/** Cookies shaped like Sesame's that no server knows: what the baseline receives, so wrk does the same work. */
export function decoyCookies(count: number): string[] {
  return Array.from(
    { length: count },
    () => `__Host-sid=${randomBytes(16).toString('base64url')}.${randomBytes(32).toString('base64url')}`,
  );
}

export async function writePool(file: string, cookies: readonly string[]): Promise<void> {
  await writeFile(file, `${cookies.join('\n')}\n`);
}

/** The status one request with the first cookie gets: 200 before a run, or the variant is broken. */
export async function probe(
  port: number,
  method: string,
  path: string,
  cookie: string | undefined,
): Promise<number> {
  const headers: Record<string, string> = { ...SAME_ORIGIN };
  if (cookie !== undefined) headers['cookie'] = cookie;
  const response = await fetch(`http://127.0.0.1:${port}${path}`, { method, headers });
  await response.arrayBuffer();
  return response.status;
}
