/**
 * The store soak's load: virtual users that sign in, read and write their session a few times,
 * then sign out (four in five) or walk away (the rest, left for the idle timeout and the sweep).
 *
 * @module
 */

export interface LoadTally {
  requests: number;
  errors: number;
  /** The first few errors, for the report. */
  firstErrors: string[];
}

/** The cookie pair (`name=value`) a Set-Cookie header sets, or null. */
function cookieOf(response: Response): string | null {
  const [first] = response.headers.getSetCookie();
  return first?.split(';')[0] ?? null;
}

/** Run `users` virtual users against `base` until `stopped()`; resolves with the tally. */
export async function runLoad(base: string, users: number, stopped: () => boolean): Promise<LoadTally> {
  const tally: LoadTally = { requests: 0, errors: 0, firstErrors: [] };
  const request = async (method: string, path: string, cookie: string | null): Promise<Response | null> => {
    tally.requests++;
    try {
      const headers: Record<string, string> = { 'sec-fetch-site': 'same-origin' };
      if (cookie !== null) headers['cookie'] = cookie;
      const response = await fetch(`${base}${path}`, { method, headers });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${method} ${path}: ${response.status}`);
      return response;
    } catch (error) {
      tally.errors++;
      if (tally.firstErrors.length < 5)
        tally.firstErrors.push(error instanceof Error ? error.message : String(error));
      return null;
    }
  };
  const user = async (): Promise<void> => {
    while (!stopped()) {
      const login = await request('POST', '/login', null);
      const cookie = login === null ? null : cookieOf(login);
      if (cookie === null) continue;
      for (let i = 0; i < 10 && !stopped(); i++) {
        if (Math.random() < 0.7) await request('GET', '/read', cookie);
        else await request('POST', '/update', cookie);
      }
      if (Math.random() < 0.8) await request('POST', '/logout', cookie);
    }
  };
  await Promise.all(Array.from({ length: users }, user));
  return tally;
}
