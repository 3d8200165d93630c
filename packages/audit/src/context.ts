/**
 * What every check receives: the options, ways to make simulated browsers, sign in, sign out and
 * replay a token, and the facts learned while setting up (which cookies carry the session).
 *
 * @module
 */
import { AuditAbort } from './errors.js';
import { Agent, sameOriginHeaders } from './http/agent.js';
import type { Navigation } from './http/agent.js';
import type { HttpClient } from './http/client.js';
import type { SeenSetCookie } from './http/cookie-jar.js';
import { isLoopbackHost } from './http/target.js';
import type { AuditOptions, Endpoint } from './options.js';
import type { Progress } from './progress.js';
import { missingLogout } from './site/endpoint-call.js';
import { findFormByAction, formValues, parseForms } from './site/forms.js';
import type { LoginAttempt, LoginFormInfo } from './site/login.js';
import { describeFailedLogin, isSignedIn, submitLogin } from './site/login.js';

/** A check cannot complete (e.g. a later sign-in was refused): reported as `skip` with the reason. */
export class CheckError extends Error {
  override readonly name = 'CheckError';
}

/** Facts learned once, before the checks run. */
export interface SiteFacts {
  /** Cookies without which the protected page is refused. */
  sessionCookies: string[];
  loginForm: LoginFormInfo;
  /** `Set-Cookie` headers for the session cookies seen while signing in, login page included. */
  sessionSetCookies: SeenSetCookie[];
  /**
   * The last live `Set-Cookie` of every cookie the browser was given on the way to being signed
   * in (login page, sign-in, the protected page), session cookies included.
   */
  signedInSetCookies: SeenSetCookie[];
  /** True when the login page hands out a session cookie before anyone signs in. */
  preLoginToken: boolean;
  /** The token of the setup sign-in (a sample of the format). */
  sampleToken: Token;
}

/** The audit tells the site it sits behind a TLS proxy (`-H 'X-Forwarded-Proto: https'`). */
export function saysBehindTls(headers: Readonly<Record<string, string>>): boolean {
  return Object.entries(headers).some(
    ([name, value]) => name.toLowerCase() === 'x-forwarded-proto' && value.trim().toLowerCase() === 'https',
  );
}

/** A session token: the values of the session cookies, by name. */
export type Token = Record<string, string>;

/**
 * The shared toolbox of one audit run.
 *
 * @example
 * const victim = await ctx.signIn();
 * const token = ctx.tokenOf(victim);
 */
export class AuditContext {
  #site: SiteFacts | null = null;
  readonly secureContext: boolean;

  constructor(
    readonly options: AuditOptions,
    readonly client: HttpClient,
    readonly progress: Progress,
  ) {
    this.secureContext =
      options.target.protocol === 'https:' ||
      isLoopbackHost(options.target.hostname) ||
      saysBehindTls(options.headers);
  }

  /** The audited origin. */
  get target(): URL {
    return this.options.target;
  }

  /** Facts from setup; throws if asked before setup finished (a bug). */
  get site(): SiteFacts {
    if (this.#site === null) throw new Error('site facts are not known before setup');
    return this.#site;
  }

  set site(facts: SiteFacts) {
    this.#site = facts;
  }

  /** A fresh simulated browser with an empty jar. */
  newAgent(): Agent {
    return new Agent(this.client, this.secureContext);
  }

  /** Try to sign in with `agent` (default: a fresh one); reports whether it worked. */
  async login(
    agent: Agent = this.newAgent(),
  ): Promise<{ agent: Agent; attempt: LoginAttempt; signedIn: boolean }> {
    const attempt = await submitLogin(agent, this.options);
    return { agent, attempt, signedIn: await this.isSignedIn(agent) };
  }

  /** Sign in or throw {@link CheckError} (the check is then skipped with the reason). */
  async signIn(agent: Agent = this.newAgent()): Promise<Agent> {
    const { attempt, signedIn } = await this.login(agent);
    if (!signedIn) throw new CheckError(`sign-in failed during the check: ${describeFailedLogin(attempt)}`);
    return agent;
  }

  /** Whether the protected page answers 200 for this agent. */
  isSignedIn(agent: Agent): Promise<boolean> {
    return isSignedIn(agent, this.options);
  }

  /** The agent's session token, or `null` when it holds none of the session cookies. */
  tokenOf(agent: Agent): Token | null {
    const token: Token = {};
    for (const name of this.site.sessionCookies) {
      const value = agent.jar.get(name);
      if (value !== undefined) token[name] = value;
    }
    return Object.keys(token).length === 0 ? null : token;
  }

  /** A fresh browser that holds only `token`: a replay, or a token planted by an attacker. */
  agentWithToken(token: Token): Agent {
    const agent = this.newAgent();
    for (const [name, value] of Object.entries(token)) agent.jar.set(name, value);
    return agent;
  }

  /**
   * The fields (CSRF token included) of the form that submits to `endpoint`, looked for on its
   * form page (default: the protected page, then the endpoint's parent path, e.g.
   * `/account/sessions` for `/account/sessions/revoke-others`).
   */
  async formFieldsFor(agent: Agent, endpoint: Endpoint): Promise<Record<string, string>> {
    const action = new URL(endpoint.path, this.target);
    const parent = action.pathname.replace(/\/[^/]*$/, '') || '/';
    const pages = [...new Set([endpoint.formPage ?? this.options.protectedPath, parent])];
    for (const path of pages) {
      const page = await agent.send('GET', path, { headers: { 'sec-fetch-site': 'same-origin' } });
      const form = findFormByAction(parseForms(page.body, page.url), action);
      if (form !== null) return { ...formValues(form), ...endpoint.fields };
      if (endpoint.formPage !== undefined) break;
    }
    return { ...endpoint.fields };
  }

  /** Call `endpoint` as the site's own page would (its form's fields, same-origin headers). */
  async callEndpoint(agent: Agent, endpoint: Endpoint): Promise<Navigation> {
    if (endpoint.method === 'GET') {
      return agent.navigate('GET', endpoint.path, { headers: { 'sec-fetch-site': 'same-origin' } });
    }
    const form = await this.formFieldsFor(agent, endpoint);
    return agent.navigate(endpoint.method, endpoint.path, {
      form,
      headers: sameOriginHeaders(agent.publicOrigin),
    });
  }

  /**
   * Sign out the way the site's logout button does. A logout the site does not have (404, 405)
   * stops the audit: every check that signs out would be skipped over a typo, and CI would pass.
   */
  async logout(agent: Agent): Promise<Navigation> {
    const chain = await this.callEndpoint(agent, this.options.logout);
    const missing = missingLogout(chain);
    if (missing !== null) throw new AuditAbort('bad-usage', missing);
    return chain;
  }
}

/** Two tokens are the same when every session cookie has the same value. */
export function sameToken(a: Token | null, b: Token | null): boolean {
  if (a === null || b === null) return a === b;
  const names = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...names].every((name) => a[name] === b[name]);
}
