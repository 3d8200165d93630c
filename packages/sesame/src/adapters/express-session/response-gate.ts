/**
 * Hold the response's first output until the session is saved. A new session's token exists only
 * once the store has written it, so its `Set-Cookie` must wait for that write; the response's
 * headers leave with its first `writeHead`, `write`, `end` or `flushHeaders`, so those four are
 * the only calls held, and only when something is left to save. express-session instead proxies
 * `res.write`/`res.end` for the whole response and sets its cookie from an `on-headers` hook,
 * which works because its session id exists before the store write; here calls are held for at
 * most one store round trip, and pass straight through afterwards or when nothing is left to save.
 *
 * The middleware has already turned the response into a dictionary-mode object
 * (../express/own-shape.ts), where a property costs a hash-table insert: the gate is kept on the
 * response under a private symbol, which costs the garbage collector less than a WeakMap entry
 * (an ephemeron it must trace on every collection).
 *
 * @module
 */
import type { ServerResponse } from 'node:http';

type Method = 'writeHead' | 'write' | 'end' | 'flushHeaders';
type Fn = (...args: unknown[]) => unknown;

/** What the gate asks before the headers leave: the request's session state. */
export interface PendingSave {
  /** The save to wait for, or `null` when nothing is left to save. */
  pending(): Promise<void> | null;
}

/**
 * The save failed: the status and text to answer instead of the app's response (its headers are
 * still unsent), or `null` to send the app's response after all.
 */
export type FailedSave = (err: unknown) => { status: number; text: string } | null;

const GATE = Symbol('sesame.gate');

type Gated = Record<Method, Fn> & { [GATE]: Gate };

/** One response's gate: the originals it wraps, its state, and the calls it holds. */
class Gate {
  readonly original: Record<Method, Fn>;
  #state: 'open' | 'holding' | 'released' = 'open';
  #held: [Method, unknown[]][] | null = null;
  readonly #res: ServerResponse;
  readonly #save: PendingSave;
  readonly #failed: FailedSave;

  constructor(res: ServerResponse, save: PendingSave, failed: FailedSave) {
    const target = res as unknown as Record<Method, Fn>;
    this.#res = res;
    this.#save = save;
    this.#failed = failed;
    // Whatever is on the response now (another middleware may have wrapped it), not the prototype's.
    this.original = {
      writeHead: target.writeHead,
      write: target.write,
      end: target.end,
      flushHeaders: target.flushHeaders,
    };
  }

  /** True when the call is held; false when it should go through now. */
  hold(method: Method, args: unknown[]): boolean {
    if (this.#state === 'released' || (this.#state === 'open' && !this.#first())) return false;
    this.#held?.push([method, args]);
    return true;
  }

  #first(): boolean {
    let save: Promise<void> | null;
    try {
      save = this.#save.pending();
    } catch (err) {
      // Data that is not JSON (a BigInt, a cycle): answered like a failed save, never thrown
      // into the app's res.end().
      save = Promise.reject(err instanceof Error ? err : new Error('req.session cannot be saved'));
    }
    if (save === null) {
      this.#state = 'released';
      return false;
    }
    this.#state = 'holding';
    const held: [Method, unknown[]][] = [];
    this.#held = held;
    save.then(
      () => this.#release(held),
      (err: unknown) => {
        const answer = this.#failed(err);
        if (answer === null) this.#release(held);
        else this.#respond(answer.status, answer.text);
      },
    );
    return true;
  }

  #release(calls: readonly [Method, unknown[]][]): void {
    this.#state = 'released';
    this.#held = null;
    for (const [method, args] of calls) this.original[method].apply(this.#res, args);
  }

  #respond(status: number, text: string): void {
    this.#state = 'released';
    this.#held = null;
    const res = this.#res;
    for (const name of res.getHeaderNames()) res.removeHeader(name);
    res.statusCode = status;
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    this.original.end.call(res, text);
  }
}

// Shared by every response (no closures per request); released gates pass calls through, which
// costs less than putting the originals back.
function writeHead(this: Gated, ...args: unknown[]): unknown {
  const gate = this[GATE];
  return gate.hold('writeHead', args) ? this : gate.original.writeHead.apply(this, args);
}
// write() reports "keep writing" while held; the chunks go out in order after the save.
function write(this: Gated, ...args: unknown[]): unknown {
  const gate = this[GATE];
  return gate.hold('write', args) ? true : gate.original.write.apply(this, args);
}
function end(this: Gated, ...args: unknown[]): unknown {
  const gate = this[GATE];
  return gate.hold('end', args) ? this : gate.original.end.apply(this, args);
}
function flushHeaders(this: Gated, ...args: unknown[]): unknown {
  const gate = this[GATE];
  return gate.hold('flushHeaders', args) ? undefined : gate.original.flushHeaders.apply(this, args);
}

/** Wrap `res` so its first output waits for `save.pending()`. */
export function holdFirstOutput(res: ServerResponse, save: PendingSave, failed: FailedSave): void {
  const target = res as unknown as Gated;
  target[GATE] = new Gate(res, save, failed);
  target.writeHead = writeHead;
  target.write = write;
  target.end = end;
  target.flushHeaders = flushHeaders;
}
