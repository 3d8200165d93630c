/**
 * The only code that sends requests. It enforces the promises of issue 6 on every one of them:
 * same origin as the target, drawn from the request/time budget, a per-request timeout, a bounded
 * body, and redirects never followed here (the agent follows same-origin ones as a browser does).
 * Requests go through undici's `request`, not `fetch`, so the headers are the ones a browser would
 * send (fetch forces `Sec-Fetch-Mode: cors`), and a private CA can be trusted (`--ca`, issue 14).
 *
 * @module
 */
import type { Dispatcher } from 'undici';
import { Agent as Pool, request as undiciRequest } from 'undici';
import { AuditAbort, OffTargetError } from '../errors.js';
import type { RequestBudget } from './budget.js';
import { isSameOrigin } from './target.js';

/** Header value `null` removes a header the client would otherwise send. */
export type HeaderInit = Record<string, string | null>;

/** One request as the agent builds it. */
export interface ClientRequest {
  method: string;
  url: URL;
  headers: HeaderInit;
  body?: string;
}

/** One response, body already read (up to the size cap). */
export interface ClientResponse {
  url: URL;
  method: string;
  /** The headers the request was sent with (lower-case names), for evidence and advice. */
  requestHeaders: Readonly<Record<string, string>>;
  status: number;
  headers: Headers;
  /** Raw `Set-Cookie` header values, one per cookie. */
  setCookies: string[];
  /** The `Location` header resolved against the request URL, when present and valid. */
  location: URL | null;
  body: string;
}

/** What every client needs to know. */
export interface ClientOptions {
  target: URL;
  /**
   * The origin the site believes it serves (`--origin`, or https:// when `X-Forwarded-Proto:
   * https` is sent): what `Origin` and `Referer` carry on the site's own requests.
   */
  publicOrigin: string;
  budget: RequestBudget;
  /** Added to every request (`--header`); request headers win on a clash. */
  headers: Record<string, string>;
  requestTimeoutMs: number;
  maxBodyBytes: number;
  /** PEM certificates to trust for an https target (`--ca`), instead of the system's. */
  ca?: string;
}

const USER_AGENT = 'sesame-session-audit/0.1 (+https://owasp.org/www-project-web-security-testing-guide/)';

/**
 * Sends requests to the target only.
 *
 * @example
 * const client = new HttpClient({ target, publicOrigin: target.origin, budget, headers: {}, requestTimeoutMs: 10_000, maxBodyBytes: 1 << 20 });
 * const res = await client.send({ method: 'GET', url: new URL('/login', target), headers: {} });
 */
export class HttpClient {
  readonly #pool: Dispatcher;

  constructor(readonly options: ClientOptions) {
    this.#pool = new Pool(options.ca === undefined ? {} : { connect: { ca: options.ca } });
  }

  /** The audited origin. */
  get target(): URL {
    return this.options.target;
  }

  /** Close the kept-alive connections (end of the audit). */
  close(): Promise<void> {
    return this.#pool.close();
  }

  /** Send one request; never follows redirects. */
  async send(request: ClientRequest): Promise<ClientResponse> {
    if (!isSameOrigin(this.options.target, request.url)) {
      throw new OffTargetError(
        `refused to send a request to ${request.url.origin}: only ${this.target.origin} is audited`,
      );
    }
    this.options.budget.take();
    const headers: Record<string, string> = {
      'user-agent': USER_AGENT,
      accept: 'text/html,application/json;q=0.9,*/*;q=0.5',
    };
    const set = (name: string, value: string | null): void => {
      const key = name.toLowerCase();
      if (value === null) delete headers[key];
      else headers[key] = value;
    };
    for (const [name, value] of Object.entries(this.options.headers)) set(name, value);
    for (const [name, value] of Object.entries(request.headers)) set(name, value);
    const timeoutMs = Math.min(this.options.requestTimeoutMs, Math.max(1, this.options.budget.remainingMs()));
    const signal = AbortSignal.timeout(timeoutMs);
    let response: Dispatcher.ResponseData;
    let body: string;
    try {
      response = await undiciRequest(request.url, {
        method: request.method,
        headers,
        dispatcher: this.#pool,
        signal,
        ...(request.body === undefined ? {} : { body: request.body }),
      });
      body = await readBounded(response.body, this.options.maxBodyBytes);
    } catch (error) {
      throw new AuditAbort('unreachable', `${request.method} ${request.url.href}: ${describeError(error)}`, {
        cause: error,
      });
    }
    const responseHeaders = toHeaders(response.headers);
    return {
      url: request.url,
      method: request.method,
      requestHeaders: headers,
      status: response.statusCode,
      headers: responseHeaders,
      setCookies: responseHeaders.getSetCookie(),
      location: resolveLocation(request.url, responseHeaders.get('location')),
      body,
    };
  }
}

function toHeaders(raw: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  return headers;
}

function resolveLocation(base: URL, location: string | null): URL | null {
  if (location === null) return null;
  try {
    return new URL(location, base);
  } catch {
    return null;
  }
}

/** Read at most `maxBytes` of the body, then stop the download: a huge page cannot stall the audit. */
async function readBounded(body: Dispatcher.ResponseData['body'], maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      total += chunk.byteLength;
      if (total >= maxBytes) {
        body.destroy();
        break;
      }
    }
  } catch {
    // A body cut short (timeout, reset) still gives what arrived; the status is what most checks judge.
  }
  return Buffer.concat(chunks).subarray(0, maxBytes).toString('utf8');
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError' || error.name === 'AbortError') return 'no answer in time';
    const cause = (error as { cause?: unknown }).cause;
    if (cause instanceof Error) return cause.message;
    return error.message;
  }
  return String(error);
}
