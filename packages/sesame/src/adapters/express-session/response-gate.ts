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
type Fn = (...args: unknown[]) => unknown;

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
  const target = res as unknown as Record<Method, Fn>;
  // Whatever is on the response now (another middleware may have wrapped it), not the prototype's.
  const originalWriteHead = target.writeHead;
  const originalWrite = target.write;
  const originalEnd = target.end;
  const originalFlushHeaders = target.flushHeaders;
  let state: 'open' | 'holding' | 'released' = 'open';
  let held: [Fn, unknown[]][] | null = null;

  // Released wrappers stay in place and pass calls through: putting the originals back would
  // cost four more property writes on every response.
  const unwrap = (): void => {
    state = 'released';
  };
  const release = (): void => {
    unwrap();
    const calls = held ?? [];
    held = null;
    for (const [method, args] of calls) method.apply(res, args);
  };
  const respond = (status: number, text: string): void => {
    unwrap();
    held = null;
    for (const name of res.getHeaderNames()) res.removeHeader(name);
    res.statusCode = status;
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    originalEnd.call(res, text);
  };
  /** The first output: pass it on when nothing is left to save, else hold it and save. */
  const first = (): boolean => {
    let save: Promise<void> | null;
    try {
      save = hooks.pending();
    } catch (err) {
      // Data that is not JSON (a BigInt, a cycle): answered like a failed save, never thrown
      // into the app's res.end().
      save = Promise.reject(err instanceof Error ? err : new Error('req.session cannot be saved'));
    }
    if (save === null) {
      unwrap();
      return false;
    }
    state = 'holding';
    held = [];
    save.then(release, (err: unknown) => {
      const answer = hooks.failed(err);
      if (answer === null) release();
      else respond(answer.status, answer.text);
    });
    return true;
  };
  const hold = (original: Fn, args: unknown[]): boolean => {
    if (state === 'released' || (state === 'open' && !first())) return false;
    held?.push([original, args]);
    return true;
  };

  function writeHead(this: unknown, ...args: unknown[]): unknown {
    return hold(originalWriteHead, args) ? res : originalWriteHead.apply(res, args);
  }
  // write() reports "keep writing" while held; the chunks go out in order after the save.
  function write(this: unknown, ...args: unknown[]): unknown {
    return hold(originalWrite, args) ? true : originalWrite.apply(res, args);
  }
  function end(this: unknown, ...args: unknown[]): unknown {
    return hold(originalEnd, args) ? res : originalEnd.apply(res, args);
  }
  function flushHeaders(this: unknown, ...args: unknown[]): unknown {
    return hold(originalFlushHeaders, args) ? undefined : originalFlushHeaders.apply(res, args);
  }
  target.writeHead = writeHead;
  target.write = write;
  target.end = end;
  target.flushHeaders = flushHeaders;
}
