/**
 * Every check, in the order the audit runs them: cheap observations first, the token collection
 * and the opt-in idle wait last, so a spent budget costs the fewest verdicts.
 *
 * @module
 */
import { cacheControl } from './cache-control.js';
import type { Check } from './check.js';
import { cookieAttributes } from './cookie-attributes.js';
import { csrf } from './csrf.js';
import { deviceBoundSessions } from './device-bound-sessions.js';
import { fixation } from './fixation.js';
import { idleTimeout } from './idle-timeout.js';
import { logout } from './logout.js';
import { loginCsrf } from './login-csrf.js';
import { logoutOthers } from './logout-others.js';
import { otherCookies } from './other-cookies.js';
import { signingSecret } from './signing-secret.js';
import { tokenExposure } from './token-exposure.js';
import { tokenRandomness } from './token-randomness.js';

/**
 * All checks, in run order.
 *
 * @example
 * CHECKS.map((check) => `${check.id}: ${check.wstg.join(' ')}`);
 */
export const CHECKS: readonly Check[] = [
  cookieAttributes,
  otherCookies,
  tokenExposure,
  cacheControl,
  fixation,
  logout,
  logoutOthers,
  csrf,
  loginCsrf,
  deviceBoundSessions,
  signingSecret,
  tokenRandomness,
  idleTimeout,
];

export type { Check, CheckOutcome, CheckResult, CheckStatus, Severity } from './check.js';
