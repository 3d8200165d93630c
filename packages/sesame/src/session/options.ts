/**
 * The options of the calls that issue a new token (`Session.login`, `Session.rotate`,
 * `Session.reauthenticate`).
 *
 * @module
 */
import type { SessionData } from '../store.js';

/** Options of `Session.login`. */
export interface LoginOptions<T extends SessionData = SessionData> {
  /** "Remember me": the cookie outlives the browser, up to the absolute lifetime. Default false. */
  remember?: boolean;
  /** Carry the anonymous session's data into the signed-in one. Default true. */
  keepData?: boolean;
  /**
   * Data to store with the new session, over any carried from the anonymous one (these keys
   * win). Written with the new record in the one store operation that signs the user in, so
   * sign-in with profile fields costs one round trip, not a create and then an update (issue 15).
   */
  data?: Partial<T>;
}

/** Options of `Session.rotate` and `Session.reauthenticate`. */
export interface RotateOptions<T extends SessionData = SessionData> {
  /** Data to set (top-level keys), written with the new token in the same store operation. */
  data?: Partial<T>;
}
