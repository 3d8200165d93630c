/**
 * Hold the response's first output until the session is saved. A new session's token exists only
 * once the store has written it, so its `Set-Cookie` must wait for that write; the response's
 * headers leave with its first `writeHead`, `write`, `end` or `flushHeaders`, so those four are
 * the only calls held, and only when something is left to save. express-session instead proxies
 * `res.write`/`res.end` for the whole response and sets its cookie from an `on-headers` hook,
 * which works because its session id exists before the store write; here nothing is wrapped for
 * longer than one store round trip, and a response with nothing to save passes straight through.
 *
 * @module
 */
import type { ServerResponse } from 'node:http';

type Method = 'writeHead' | 'write' | 'end' | 'flushHeaders';
const METHODS: readonly Method[] = ['writeHead', 'write', 'end', 'flushHeaders'];

/** What the gate asks before the headers leave. */
export interface GateHooks {
  /** The save to wait for, or `null` when nothing is left to save. */
  pending(): Promise<void> | null;
  /**
   * The save failed: the status and text to answer instead of the app's response (its headers are
   * still unsent), or `null` to send the app's response after all.
   */
  failed(err: unknown): { status: number; text: string } | null;
}

/** Wrap `res` so its first output waits for `hooks.pending()`. */
export function holdFirstOutput(res: ServerResponse, hooks: GateHooks): void {
  type Fn = (...args: unknown[]) => unknown;
  // Whatever is on the response now (another middleware may have wrapped it), not the prototype's.
  const original = Object.fromEntries(METHODS.map((m) => [m, Reflect.get(res, m) as Fn])) as Record<
    Method,
    Fn
  >;
  let state: 'open' | 'holding' | 'released' = 'open';
  const held: [Method, unknown[]][] = [];

  const release = (): void => {
    state = 'released';
    for (const method of METHODS) if (res[method] === wrappers[method]) restore(method);
    for (const [method, args] of held.splice(0)) original[method].apply(res, args);
  };
  const restore = (method: Method): void => {
    (res as unknown as Record<Method, unknown>)[method] = original[method];
  };
  const respond = (status: number, text: string): void => {
    state = 'released';
    held.length = 0;
    for (const method of METHODS) if (res[method] === wrappers[method]) restore(method);
    for (const name of res.getHeaderNames()) res.removeHeader(name);
    res.statusCode = status;
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    original.end.call(res, text);
  };

  const wrap =
    (method: Method) =>
    (...args: unknown[]): unknown => {
      if (state === 'released') return original[method].apply(res, args);
      if (state === 'open') {
        let save: Promise<void> | null;
        try {
          save = hooks.pending();
        } catch (err) {
          // Data that is not JSON (a BigInt, a cycle): answered like a failed save, never thrown
          // into the app's res.end().
          save = Promise.reject(err instanceof Error ? err : new Error('req.session cannot be saved'));
        }
        if (save === null) {
          release();
          return original[method].apply(res, args);
        }
        state = 'holding';
        save.then(release, (err: unknown) => {
          const answer = hooks.failed(err);
          if (answer === null) release();
          else respond(answer.status, answer.text);
        });
      }
      held.push([method, args]);
      // write() reports "keep writing"; the held chunks go out in order after the save.
      return method === 'write' ? true : method === 'flushHeaders' ? undefined : res;
    };
  const wrappers = {} as Record<Method, Fn>;
  for (const method of METHODS) {
    wrappers[method] = wrap(method);
    (res as unknown as Record<Method, unknown>)[method] = wrappers[method];
  }
}
