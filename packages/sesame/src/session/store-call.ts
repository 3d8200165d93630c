/**
 * Every store call goes through here: bounded by `storeTimeout`, and any failure becomes a typed
 * error that adapters answer with 503 (docs/architecture.md §1.8). Never "no session" by mistake: a request that
 * carried a cookie while the store was down fails closed.
 *
 * One timer serves all calls. Every call gets the same timeout, so calls reach their deadlines in
 * the order they started: the pending ones wait in a queue in that order, and the timer is armed
 * for the oldest. That keeps a timer per call (and its `clearTimeout`) off the hot path, where it
 * cost more than the memory store's whole `get` (bench/RESULTS.md, CPU profile).
 *
 * @module
 */
import { performance } from 'node:perf_hooks';
import { SesameError, isSesameError } from '../errors.js';
import type { StoreErrorReport } from './error-report.js';

interface Pending {
  readonly operation: string;
  readonly deadline: number;
  readonly reject: (error: SesameError) => void;
  done: boolean;
}

/** Runs store operations under one deadline each, translating failures to {@link SesameError}. */
export class StoreCaller {
  readonly #timeoutMs: number;
  readonly #report: StoreErrorReport;
  /** Calls in start order (so in deadline order) from `#head` on; settled ones are skipped. */
  readonly #queue: Pending[] = [];
  #head = 0;
  #timer: NodeJS.Timeout | null = null;

  constructor(timeoutMs: number, report: StoreErrorReport) {
    this.#timeoutMs = timeoutMs;
    this.#report = report;
  }

  /** Run one store operation: its result, or a `SesameError` when it fails or outlives the timeout. */
  call<T>(operation: string, run: () => Promise<T>): Promise<T> {
    let running: Promise<T>;
    try {
      running = run();
    } catch (cause) {
      running = Promise.reject(cause instanceof Error ? cause : new Error(String(cause)));
    }
    return new Promise<T>((resolve, reject) => {
      const pending: Pending = {
        operation,
        deadline: performance.now() + this.#timeoutMs,
        reject,
        done: false,
      };
      this.#enqueue(pending);
      running.then(
        (value) => {
          if (this.#settle(pending)) resolve(value);
        },
        (cause: unknown) => {
          if (!this.#settle(pending)) return;
          // The driver's words stay in `cause` and the log: a message reaches clients through
          // frameworks' default error handlers, and drivers name hosts, ports, users and keys.
          const error = isSesameError(cause)
            ? cause
            : new SesameError('ERR_STORE_UNAVAILABLE', `Session store failed on ${operation}`, { cause });
          this.#report(error, operation);
          reject(error);
        },
      );
    });
  }

  /** How many calls are queued, settled ones not yet dropped included (for tests). */
  get queued(): number {
    return this.#queue.length - this.#head;
  }

  #enqueue(pending: Pending): void {
    this.#queue.push(pending);
    if (this.#timer === null) this.#timer = setTimeout(this.#expire, this.#timeoutMs);
    else if (!this.#timer.hasRef()) this.#timer.ref();
  }

  /** Mark `pending` settled; false when the timeout already answered it. */
  #settle(pending: Pending): boolean {
    if (pending.done) return false;
    pending.done = true;
    this.#dropSettled();
    // Nothing left to guard: an idle timer must not keep the process alive.
    if (this.#head === this.#queue.length) this.#timer?.unref();
    return true;
  }

  #dropSettled(): void {
    const queue = this.#queue;
    while (this.#head < queue.length && (queue[this.#head] as Pending).done) this.#head++;
    if (this.#head === queue.length) {
      queue.length = 0;
      this.#head = 0;
    } else if (this.#head >= 1024 && this.#head * 2 >= queue.length) {
      queue.splice(0, this.#head);
      this.#head = 0;
    }
  }

  /** The timer: fail every call past its deadline, then re-arm for the oldest one left. */
  readonly #expire = (): void => {
    this.#timer = null;
    const nowMs = performance.now();
    for (let i = this.#head; i < this.#queue.length; i++) {
      const pending = this.#queue[i] as Pending;
      if (pending.done) continue;
      if (pending.deadline > nowMs) break;
      pending.done = true;
      const error = new SesameError(
        'ERR_STORE_TIMEOUT',
        `Session store did not answer ${pending.operation} within ${this.#timeoutMs} ms.`,
      );
      this.#report(error, pending.operation);
      pending.reject(error);
    }
    this.#dropSettled();
    if (this.#head < this.#queue.length) {
      const oldest = this.#queue[this.#head] as Pending;
      this.#timer = setTimeout(this.#expire, Math.max(1, Math.ceil(oldest.deadline - nowMs)));
    }
  };
}
