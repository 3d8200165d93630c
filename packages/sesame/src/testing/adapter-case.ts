/**
 * The shape of one adapter contract case, shared by the files under `adapter-cases/`.
 *
 * @module
 */
import type { ManualClock } from '../clock.js';
import type { SessionStore } from '../store.js';
import type { Browser } from './browser.js';
import type { StoreMode } from './failing-store.js';

/** What each case receives: a running server of the adapter under test and its session setup. */
export interface AdapterCaseContext {
  /** The server's base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** A new browser with an empty cookie jar. */
  browser: () => Browser;
  /** The clock the sessions run on: cases move it, they never sleep. */
  clock: ManualClock;
  /** The store behind the sessions, to check what is (not) kept server-side. */
  store: SessionStore;
  /** Make the store fail from now on (see {@link StoreMode}). */
  setStoreMode: (mode: StoreMode) => void;
  /**
   * Let the app finish what it does after its responses (a due touch of a request that wrote
   * nothing is written then): what passing time allows in a real app. Await it before moving the
   * clock past an expiry that work would move.
   */
  settle: () => Promise<void>;
  /** What Sesame logged (`warn: …`, `error: …`). */
  logged: string[];
  /** Whether the server trusts `X-Forwarded-*` from 127.0.0.1 (`trustsLoopbackProxy`). */
  trustsProxy: boolean;
}

/** One contract case; `name` is its `it` title and the key an adapter uses to skip it. */
export interface AdapterCase {
  /** The case's title, e.g. `a remember-me cookie lasts as long as the absolute lifetime, no longer`; the key of `skip`. */
  name: string;
  /** Run the case against the server; it throws (a failed `expect`) when the adapter breaks it. */
  run(context: AdapterCaseContext): Promise<void>;
}

/** The session cookie's name under the contract's (default) cookie options. */
export const SESSION_COOKIE = '__Host-sid';

/** A partner origin the contract's sessions allow (`csrf.allowedOrigins`). */
export const PARTNER_ORIGIN = 'https://partner.example';

/** The JSON body of `GET /me`. */
export interface Me {
  /** `session.userId`: the signed-in user, or `null` when anonymous. */
  userId: string | null;
  /** `session.data`. */
  data: Record<string, unknown>;
  /** `session.isStored`: whether a stored session backs the request. */
  stored: boolean;
}
