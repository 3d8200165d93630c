/**
 * Everything an audit needs to know, resolved from flags and `--config` (see `args.ts`).
 *
 * @module
 */

/** A state-changing endpoint and how to call it. */
export interface Endpoint {
  path: string;
  method: string;
  /** Page whose form for this endpoint supplies hidden fields (CSRF token); default `protectedPath`. */
  formPage?: string;
  /** Extra body fields. */
  fields?: Record<string, string>;
}

/** Resolved audit options. Durations are milliseconds. */
export interface AuditOptions {
  target: URL;
  username: string;
  password: string;
  /** Page with the login form (GET). */
  loginPath: string;
  /** Post credentials here instead of the form's action (for script-driven logins). */
  loginAction?: string;
  /** How credentials are posted: as a form (default) or as JSON. */
  loginEncoding: 'form' | 'json';
  usernameField?: string;
  passwordField?: string;
  csrfField?: string;
  /** Extra login fields, e.g. `{ "remember": "1" }`. */
  extraFields: Record<string, string>;
  logout: Endpoint;
  /** A page that answers 200 only when signed in. */
  protectedPath: string;
  /** Cookie names that carry the session; found by experiment when not given. */
  sessionCookies: string[];
  /** "Sign out everywhere else"; the check is skipped when the site has none. */
  logoutOthers: Endpoint | null;
  /** Target of the CSRF probes; default: the logout endpoint (safe to call, easy to observe). */
  csrfTarget: Endpoint | null;
  /** Added to every request (`--header`). */
  headers: Record<string, string>;
  /**
   * The origin the site serves to browsers: `--origin`, else `https://<host>` when the headers
   * say `X-Forwarded-Proto: https`, else the target's. `Origin` and `Referer` use it (issue 14).
   */
  publicOrigin: string;
  /** PEM certificates trusted for an https target (`--ca`). */
  ca?: string;
  /** How many tokens the randomness check collects. */
  tokens: number;
  /** Opt-in idle-timeout wait, or `null`. */
  idleWaitMs: number | null;
  maxRequests: number;
  timeLimitMs: number;
  requestTimeoutMs: number;
  /** Run only these checks (ids), or all. */
  only: string[] | null;
}

/**
 * Defaults for everything that has one.
 *
 * @example
 * DEFAULTS.tokens; // 300
 */
export const DEFAULTS = {
  loginPath: '/login',
  logoutPath: '/logout',
  protectedPath: '/account',
  tokens: 300,
  maxRequests: 3000,
  timeLimitMs: 10 * 60_000,
  requestTimeoutMs: 10_000,
  maxBodyBytes: 1 << 20,
} as const;

/** The fewest tokens the randomness check judges: below it the statistics say too little. */
export const MIN_TOKENS = 100;

/** Upper bound for `--idle-wait`, so a typo cannot park the audit for days. */
export const MAX_IDLE_WAIT_MS = 4 * 3_600_000;
