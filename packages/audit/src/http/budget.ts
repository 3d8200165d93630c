/**
 * Every request of an audit draws from one budget: a request count and a wall-clock deadline.
 * Loops in checks are bounded by their own caps too; this is the backstop.
 *
 * @module
 */
import { BudgetExhausted } from '../errors.js';

/**
 * A request count and a deadline shared by every request of one audit.
 *
 * @example
 * const budget = new RequestBudget(2000, Date.now() + 5 * 60_000);
 * budget.take(); // throws BudgetExhausted once either runs out
 */
export class RequestBudget {
  #used = 0;

  constructor(
    readonly maxRequests: number,
    readonly deadlineMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Requests sent so far. */
  get used(): number {
    return this.#used;
  }

  /** Requests still allowed. */
  get remaining(): number {
    return Math.max(0, this.maxRequests - this.#used);
  }

  /** Milliseconds until the deadline (0 once past). */
  remainingMs(): number {
    return Math.max(0, this.deadlineMs - this.now());
  }

  /** Account for one request, or throw when the count or the time is spent. */
  take(): void {
    if (this.#used >= this.maxRequests) {
      throw new BudgetExhausted(`request budget of ${this.maxRequests} spent (raise --max-requests)`);
    }
    if (this.remainingMs() === 0) {
      throw new BudgetExhausted('time budget spent (raise --time-limit)');
    }
    this.#used += 1;
  }
}
