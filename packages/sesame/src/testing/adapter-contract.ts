/**
 * The adapter contract suite: every framework adapter, ours or a user's, runs the same security
 * cases over a real HTTP server (docs/architecture.md §5), the way every store runs the store
 * contract suite.
 *
 * The adapter under test serves these routes, each answering JSON, with the session mounted and
 * any error left to the framework's own error handling (which must answer 401 / 403 / 503 from
 * the error's `status`). Unsafe routes accept an `application/x-www-form-urlencoded` body, whose
 * `_csrf` field carries the CSRF token; parameters come in the query string.
 *
 * | route                          | does                                    | answers                    |
 * | ------------------------------ | --------------------------------------- | -------------------------- |
 * | `GET /me`                      | reads the session                       | `{ userId, data, stored }` |
 * | `POST /login?user=ID&remember=1` | `session.login(ID, { remember })`     | `{ userId }`               |
 * | `POST /set?key=value&…`        | `session.update({ key: value, … })`     | `{ data }`                 |
 * | `POST /logout`                 | `session.logout()`                      | `{ ok: true }`             |
 * | `POST /logout-everywhere`      | `session.logoutEverywhere()`            | `{ count }`                |
 * | `GET /csrf`                    | `session.csrfToken()`                   | `{ token }`                |
 * | `POST /action`                 | nothing (a CSRF target)                 | `{ ok: true }`             |
 *
 * `stored` is `session.isStored`; `data` is `session.data`.
 *
 * @module
 */
import { describe, it } from './vitest.js';
import type { ManualClock } from '../clock.js';
import { manualClock } from '../clock.js';
import { SesameError } from '../errors.js';
import type { SessionStore } from '../store.js';
import type { Sessions } from '../index.js';
import { createSessions } from '../index.js';
import { memoryStore } from '../stores/memory/index.js';
import type { AdapterCase } from './adapter-case.js';
import { PARTNER_ORIGIN } from './adapter-case.js';
import { anonymousCsrfCases } from './adapter-cases/anonymous-csrf.js';
import { cookieCases } from './adapter-cases/cookies.js';
import { deviceBoundCases } from './adapter-cases/device-bound.js';
import { csrfCases, PROXY_CASE } from './adapter-cases/csrf.js';
import { expiryCases } from './adapter-cases/expiry.js';
import { fixationCases } from './adapter-cases/fixation.js';
import { logoutCases } from './adapter-cases/logout.js';
import { lostUpdateCases } from './adapter-cases/lost-update.js';
import { malformedCookieCases } from './adapter-cases/malformed-cookie.js';
import { outageCases } from './adapter-cases/outage.js';
import { setCookieCases } from './adapter-cases/set-cookies.js';
import { Browser } from './browser.js';
import { failingStore } from './failing-store.js';

/** A running server of the adapter under test. */
export interface AdapterServer {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** Stop the server (called after the suite's cases ran). */
  close(): Promise<void>;
}

/** Options of {@link describeAdapterContract}. */
export interface AdapterContractOptions {
  /**
   * Start a server on 127.0.0.1, port 0, that mounts `sessions` with the adapter and serves the
   * contract routes (see the module documentation).
   */
  start(sessions: Sessions): Promise<AdapterServer>;
  /**
   * The server trusts `X-Forwarded-Host` and `X-Forwarded-Proto` from 127.0.0.1 (Express
   * `trust proxy: 'loopback'`, Fastify `trustProxy: '127.0.0.1'`, …): runs the case that checks
   * the same-origin test keeps the port behind a proxy. Default false.
   */
  trustsLoopbackProxy?: boolean;
  /** Case names (the `it` titles) to skip, each with a written reason. */
  skip?: Readonly<Record<string, string>>;
  /**
   * The store behind the sessions of one case, on `clock`: run the same cases on a real store
   * (one with a read cache, say). Closed after the case, with the sessions. Default: a memory store.
   */
  store?(clock: ManualClock): SessionStore | Promise<SessionStore>;
}

/** Every case of the contract, in the order they run. */
export const adapterContractCases: readonly AdapterCase[] = [
  ...cookieCases,
  ...fixationCases,
  ...logoutCases,
  ...csrfCases,
  ...anonymousCsrfCases,
  ...setCookieCases,
  ...expiryCases,
  ...outageCases,
  ...lostUpdateCases,
  ...malformedCookieCases,
  ...deviceBoundCases,
];

/** The secret the contract's sessions use: a test value, never a real one. */
const CONTRACT_SECRET = 'adapter-contract-secret-0123456789-abcdefghijklmnopqrstuvwxyz';

function checkSkips(skip: Readonly<Record<string, string>>): void {
  const names = new Set(adapterContractCases.map((c) => c.name));
  const unknown = Object.keys(skip).filter((name) => !names.has(name));
  if (unknown.length > 0) {
    throw new SesameError(
      'ERR_CONFIG_INVALID',
      `describeAdapterContract: skip names no case: ${unknown.map((n) => JSON.stringify(n)).join(', ')}. Case names are the it() titles.`,
    );
  }
  const unexplained = Object.entries(skip).filter(([, r]) => typeof r !== 'string' || r.trim() === '');
  if (unexplained.length > 0) {
    throw new SesameError(
      'ERR_CONFIG_INVALID',
      `describeAdapterContract: give a reason for skipping ${unexplained.map(([n]) => JSON.stringify(n)).join(', ')}.`,
    );
  }
}

/**
 * Register the adapter contract cases with Vitest. Each case gets fresh sessions (memory store
 * behind a wrapper that can fail on demand, manual clock, idle 30 min, absolute 12 h, store
 * timeout 200 ms, `https://partner.example` allowed for CSRF) and its own server from
 * `options.start`, closed after the case.
 *
 * @example
 * // my-koa-adapter.test.ts
 * import { describeAdapterContract } from 'sesame-session/testing';
 *
 * describeAdapterContract('koa', {
 *   start: async (sessions) => {
 *     const server = contractApp(sessions).listen(0, '127.0.0.1');
 *     await once(server, 'listening');
 *     const { port } = server.address() as AddressInfo;
 *     return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
 *   },
 * });
 */
export function describeAdapterContract(name: string, options: AdapterContractOptions): void {
  checkSkips(options.skip ?? {});
  const trustsProxy = options.trustsLoopbackProxy === true;
  const skip: Readonly<Record<string, string>> = trustsProxy
    ? (options.skip ?? {})
    : {
        [PROXY_CASE]: 'the server does not trust a proxy on 127.0.0.1 (trustsLoopbackProxy)',
        ...options.skip,
      };
  describe(`${name} (adapter contract)`, () => {
    for (const adapterCase of adapterContractCases) {
      it(adapterCase.name, async (context) => {
        const reason = skip[adapterCase.name];
        if (reason !== undefined) context.skip(reason);
        const clock = manualClock();
        const backing = options.store === undefined ? memoryStore({ clock }) : await options.store(clock);
        const failing = failingStore(backing);
        const logged: string[] = [];
        const sessions = createSessions({
          store: failing.store,
          secrets: CONTRACT_SECRET,
          production: false,
          clock,
          idleTimeout: '30m',
          absoluteTimeout: '12h',
          storeTimeout: '200ms',
          csrf: { allowedOrigins: [PARTNER_ORIGIN] },
          deviceBound: { cookieLifetime: '10m' },
          logger: { warn: (m) => logged.push(`warn: ${m}`), error: (m) => logged.push(`error: ${m}`) },
        });
        const server = await options.start(sessions);
        try {
          await adapterCase.run({
            url: server.url,
            browser: () => new Browser(server.url),
            clock,
            store: backing,
            setStoreMode: failing.setMode,
            // A turn of the event loop lets the server see its responses sent ('close'), then
            // the store calls that started are waited for.
            settle: async () => {
              await new Promise((resolve) => setTimeout(resolve, 10));
              await failing.settled();
            },
            logged,
            trustsProxy,
          });
        } finally {
          await server.close();
          await sessions.close();
        }
      });
    }
  });
}
