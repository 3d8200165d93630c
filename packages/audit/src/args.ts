/**
 * Command-line arguments (`node:util` parseArgs) merged over `--config`, resolved into
 * {@link AuditOptions}. Flags win over the file; the password may also come from the
 * `SESAME_AUDIT_PASSWORD` environment variable so it stays out of shell history and `ps`.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { ConfigFile } from './config-file.js';
import { loadConfig } from './config-file.js';
import { parseDurationMs } from './duration.js';
import { AuditAbort } from './errors.js';
import { defaultPath, parseTarget, sitePath } from './http/target.js';
import type { AuditOptions, Endpoint } from './options.js';
import { DEFAULTS, MAX_IDLE_WAIT_MS, MIN_TOKENS } from './options.js';

/** Output formats. */
export type OutputFormat = 'table' | 'json' | 'sarif';

/** What the command line asks for. */
export type Command =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'run'; options: AuditOptions; format: OutputFormat; quiet: boolean; htmlPath: string | null };

const FLAGS = {
  username: { type: 'string' },
  password: { type: 'string' },
  'login-path': { type: 'string' },
  'logout-path': { type: 'string' },
  'logout-method': { type: 'string' },
  'protected-path': { type: 'string' },
  'username-field': { type: 'string' },
  'password-field': { type: 'string' },
  'csrf-field': { type: 'string' },
  'session-cookie': { type: 'string', multiple: true },
  'logout-others-path': { type: 'string' },
  config: { type: 'string' },
  header: { type: 'string', multiple: true, short: 'H' },
  origin: { type: 'string' },
  ca: { type: 'string' },
  html: { type: 'string' },
  json: { type: 'boolean' },
  sarif: { type: 'boolean' },
  'idle-wait': { type: 'string' },
  tokens: { type: 'string' },
  'max-requests': { type: 'string' },
  'time-limit': { type: 'string' },
  'request-timeout': { type: 'string' },
  only: { type: 'string', multiple: true },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

function bad(message: string): never {
  throw new AuditAbort('bad-usage', message);
}

/**
 * One line for an error of `node:util` parseArgs, in place of Node's wording (which runs over
 * several lines and explains `--` to people who mistyped a flag).
 */
export function usageError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown }).code;
  // Node quotes the option first: '--nope', '-H, --header <value>', '--json'.
  const option = (/'([^']+)'/.exec(message)?.[1] ?? 'an option').replace(/ <value>$/, '').replace(', ', '/');
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${option}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    if (message.includes('argument missing')) return `${option} needs a value`;
    if (message.includes('does not take an argument')) return `${option} takes no value`;
    const long = /'(--[^'=]+)=/.exec(message)?.[1];
    if (message.includes('ambiguous') && long !== undefined)
      return `${option} needs a value; for one that starts with "-" write ${long}=-…`;
  }
  return message.split('\n')[0] ?? message;
}

function duration(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = parseDurationMs(text);
  if (ms === null || ms <= 0) bad(`--${flag}: not a duration: ${JSON.stringify(text)} (try 90s, 2m, 1h)`);
  return ms;
}

function count(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0)
    bad(`--${flag}: expected a positive whole number, got ${JSON.stringify(text)}`);
  return n;
}

/** `Name: value` → `['Name', 'value']`. */
export function parseHeader(text: string): [string, string] {
  const colon = text.indexOf(':');
  const name = colon > 0 ? text.slice(0, colon).trim() : '';
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name))
    bad(`--header: expected "Name: value", got ${JSON.stringify(text)}`);
  return [name, text.slice(colon + 1).trim()];
}

/**
 * The origin browsers see: `--origin` wins; else `X-Forwarded-Proto: https` (and
 * `X-Forwarded-Host`) in the headers make it `https://<host>`, since a site behind a TLS proxy
 * compares `Origin`/`Referer` with that (Django's CSRF check, Express with `trust proxy`).
 */
export function publicOriginOf(target: URL, headers: Record<string, string>, origin?: string): string {
  if (origin !== undefined) {
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      bad(`--origin: not a URL: ${JSON.stringify(origin)}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') bad('--origin: expected http:// or https://');
    return url.origin;
  }
  const header = (name: string): string | undefined =>
    Object.entries(headers)
      .find(([key]) => key.toLowerCase() === name)?.[1]
      ?.split(',')[0]
      ?.trim();
  const proto = header('x-forwarded-proto')?.toLowerCase();
  const host = header('x-forwarded-host') ?? target.host;
  if (proto === 'https' || proto === 'http') return new URL(`${proto}://${host}`).origin;
  return target.origin;
}

async function readCa(path: string): Promise<string> {
  try {
    const pem = await readFile(path, 'utf8');
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) bad(`--ca ${path}: no PEM certificate in it`);
    return pem;
  } catch (error) {
    if (error instanceof AuditAbort) throw error;
    bad(`--ca: cannot read ${path}: ${(error as Error).message}`);
  }
}

function method(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const upper = text.toUpperCase();
  if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(upper))
    bad(`--logout-method: expected GET, POST, PUT, PATCH or DELETE, got ${JSON.stringify(text)}`);
  return upper;
}

function endpoint(path: string, method: string | undefined, base?: Endpoint): Endpoint {
  return { ...base, path, method: (method ?? base?.method ?? 'POST').toUpperCase() };
}

/**
 * Every path of the options resolved against the target URL as a base (see `sitePath`), so the
 * rest of the audit sees absolute paths: `https://shop.example/app/` audits `/app/login`.
 */
function underTarget(options: AuditOptions): AuditOptions {
  const { target } = options;
  const at = (flag: string, path: string): string => sitePath(target, path, flag);
  const endpointAt = (flag: string, e: Endpoint): Endpoint => ({
    ...e,
    path: at(flag, e.path),
    ...(e.formPage === undefined ? {} : { formPage: at(`${flag} formPage`, e.formPage) }),
  });
  return {
    ...options,
    loginPath: at('--login-path', options.loginPath),
    ...(options.loginAction === undefined ? {} : { loginAction: at('loginAction', options.loginAction) }),
    protectedPath: at('--protected-path', options.protectedPath),
    logout: endpointAt('--logout-path', options.logout),
    logoutOthers:
      options.logoutOthers === null ? null : endpointAt('--logout-others-path', options.logoutOthers),
    csrfTarget: options.csrfTarget === null ? null : endpointAt('csrfTarget', options.csrfTarget),
  };
}

/**
 * Parse `argv` (without `node` and the script) into a command.
 *
 * @example
 * const command = await parseCommand(['http://localhost:3000', '--username', 'a', '--password', 'b'], process.env);
 */
export async function parseCommand(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<Command> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: FLAGS, allowPositionals: true, strict: true });
  } catch (error) {
    bad(usageError(error));
  }
  const { values: flags, positionals } = parsed;
  if (flags.help === true) return { kind: 'help' };
  if (flags.version === true) return { kind: 'version' };
  if (positionals.length > 1) bad(`one target URL expected, got ${positionals.length}`);
  if (flags.json === true && flags.sarif === true) bad('choose one of --json and --sarif');
  const file: ConfigFile = flags.config === undefined ? {} : await loadConfig(flags.config);

  const targetText =
    positionals[0] ??
    file.target ??
    bad('the target URL is missing (sesame-session-audit http://localhost:3000 …)');
  const username = flags.username ?? file.username ?? bad('--username is missing');
  const password =
    flags.password ??
    env.SESAME_AUDIT_PASSWORD ??
    file.password ??
    bad('--password (or SESAME_AUDIT_PASSWORD) is missing');
  const headers: Record<string, string> = { ...file.headers };
  for (const line of flags.header ?? []) {
    const [name, value] = parseHeader(line);
    headers[name] = value;
  }
  const idleWaitMs = duration('idle-wait', flags['idle-wait'] ?? file.idleWait) ?? null;
  if (idleWaitMs !== null && idleWaitMs > MAX_IDLE_WAIT_MS) bad('--idle-wait: at most 4h');
  const baseTimeLimitMs =
    duration('time-limit', flags['time-limit'] ?? file.timeLimit) ?? DEFAULTS.timeLimitMs;
  const tokens = count('tokens', flags.tokens) ?? file.tokens ?? DEFAULTS.tokens;
  if (tokens < MIN_TOKENS)
    bad(`--tokens: at least ${MIN_TOKENS} tokens are needed to judge randomness, got ${tokens}`);
  const logoutOthersPath = flags['logout-others-path'];
  const only = (flags.only ?? file.only ?? [])
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter((s) => s !== '');

  const target = parseTarget(targetText);
  const caPath = flags.ca ?? file.ca;
  const options: AuditOptions = {
    target,
    username,
    password,
    loginPath: flags['login-path'] ?? file.loginPath ?? defaultPath(target, DEFAULTS.loginPath),
    ...(file.loginAction === undefined ? {} : { loginAction: file.loginAction }),
    loginEncoding: file.loginEncoding ?? 'form',
    ...pick('usernameField', flags['username-field'] ?? file.usernameField),
    ...pick('passwordField', flags['password-field'] ?? file.passwordField),
    ...pick('csrfField', flags['csrf-field'] ?? file.csrfField),
    extraFields: file.extraFields ?? {},
    logout: endpoint(
      flags['logout-path'] ?? file.logoutPath ?? defaultPath(target, DEFAULTS.logoutPath),
      method(flags['logout-method'] ?? file.logoutMethod),
    ),
    protectedPath:
      flags['protected-path'] ?? file.protectedPath ?? defaultPath(target, DEFAULTS.protectedPath),
    sessionCookies: flags['session-cookie'] ?? file.sessionCookies ?? [],
    logoutOthers:
      logoutOthersPath !== undefined
        ? endpoint(logoutOthersPath, undefined, file.logoutOthers)
        : file.logoutOthers === undefined
          ? null
          : endpoint(file.logoutOthers.path, file.logoutOthers.method, file.logoutOthers),
    csrfTarget:
      file.csrfTarget === undefined
        ? null
        : endpoint(file.csrfTarget.path, file.csrfTarget.method, file.csrfTarget),
    headers,
    publicOrigin: publicOriginOf(target, headers, flags.origin ?? file.origin),
    ...(caPath === undefined ? {} : { ca: await readCa(caPath) }),
    tokens,
    idleWaitMs,
    maxRequests: count('max-requests', flags['max-requests']) ?? file.maxRequests ?? DEFAULTS.maxRequests,
    // The idle wait is on top of the time limit, so opting in never starves the other checks.
    timeLimitMs: baseTimeLimitMs + (idleWaitMs ?? 0),
    requestTimeoutMs:
      duration('request-timeout', flags['request-timeout'] ?? file.requestTimeout) ??
      DEFAULTS.requestTimeoutMs,
    only: only.length === 0 ? null : only,
  };
  const format: OutputFormat = flags.json === true ? 'json' : flags.sarif === true ? 'sarif' : 'table';
  const htmlPath = flags.html ?? file.html ?? null;
  return { kind: 'run', options: underTarget(options), format, quiet: flags.quiet === true, htmlPath };
}

function pick<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}
