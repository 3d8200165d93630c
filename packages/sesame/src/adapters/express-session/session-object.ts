/**
 * The object an express-session app sees as `req.session`: its data are plain own properties
 * (read, assigned, deleted, mutated in place), and its methods are express-session's documented
 * ones. The methods live on the prototype and are not enumerable, so `Object.keys`, `for…in`,
 * `JSON.stringify` and Passport's `keepSessionInfo` merge see data only.
 *
 * @module
 */
import type { CookieView } from './cookie-view.js';
import { assignData } from './snapshot.js';

/** What a session object asks of the request it belongs to. */
export interface SessionControl {
  /** `req.sessionID`: stable for the life of the session, never the token nor the stored id. */
  readonly id: string;
  readonly cookie: CookieView;
  regenerate(): Promise<void>;
  destroy(): Promise<void>;
  save(): Promise<void>;
  reload(): Promise<void>;
}

type Callback = (err?: unknown) => void;

/** Callbacks run on their own tick, as express-session's store callbacks do. */
function settle(work: Promise<void>, callback: Callback | undefined): void {
  work.then(
    () => {
      if (callback) process.nextTick(callback);
    },
    (err: unknown) => {
      // Without a callback an error is not lost: the write is retried when the response ends.
      if (callback) process.nextTick(callback, err);
    },
  );
}

/**
 * express-session's `Session`, backed by a Sesame session.
 *
 * @example
 * req.session.views = (req.session.views ?? 0) + 1; // stored when the response ends
 * req.session.regenerate((err) => { if (err) return next(err); res.redirect('/'); });
 */
export class ExpressSessionObject {
  readonly #control: SessionControl;

  constructor(control: SessionControl, data: Readonly<Record<string, unknown>>) {
    this.#control = control;
    assignData(this, data);
  }

  get id(): string {
    return this.#control.id;
  }

  get cookie(): CookieView {
    return this.#control.cookie;
  }

  /** Sign-out and sign-in both call this: the next save gets a new token and an empty session. */
  regenerate(callback: Callback): this {
    settle(this.#control.regenerate(), callback);
    return this;
  }

  /** Delete the session now and expire its cookie; `req.session` is gone afterwards. */
  destroy(callback?: Callback): this {
    settle(this.#control.destroy(), callback);
    return this;
  }

  /** Write the changed keys now (they are written when the response ends anyway). */
  save(callback?: Callback): this {
    settle(this.#control.save(), callback);
    return this;
  }

  /** Read the session from the store again, dropping unsaved changes. */
  reload(callback: Callback): this {
    settle(this.#control.reload(), callback);
    return this;
  }

  /** Sesame renews the idle expiry itself on every request, at most once a minute. */
  touch(): this {
    return this;
  }

  resetMaxAge(): this {
    return this;
  }
}
