/**
 * `--config audit.json`: everything a flag can say, plus the flows flags cannot describe
 * (JSON login, extra login fields, "sign out other sessions", a custom CSRF target). Unknown keys
 * are refused so a typo does not silently fall back to a default.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { AuditAbort } from './errors.js';
import type { Endpoint } from './options.js';

/** The file's shape; every key is optional and flags win. */
export interface ConfigFile {
  target?: string;
  username?: string;
  password?: string;
  loginPath?: string;
  loginAction?: string;
  loginEncoding?: 'form' | 'json';
  usernameField?: string;
  passwordField?: string;
  csrfField?: string;
  extraFields?: Record<string, string>;
  logoutPath?: string;
  logoutMethod?: string;
  protectedPath?: string;
  sessionCookies?: string[];
  logoutOthers?: Endpoint;
  csrfTarget?: Endpoint;
  headers?: Record<string, string>;
  origin?: string;
  ca?: string;
  html?: string;
  tokens?: number;
  idleWait?: string;
  maxRequests?: number;
  timeLimit?: string;
  requestTimeout?: string;
  only?: string[];
}

type Kind = 'string' | 'number' | 'strings' | 'record' | 'endpoint';

const KEYS: Record<keyof ConfigFile, Kind> = {
  target: 'string',
  username: 'string',
  password: 'string',
  loginPath: 'string',
  loginAction: 'string',
  loginEncoding: 'string',
  usernameField: 'string',
  passwordField: 'string',
  csrfField: 'string',
  extraFields: 'record',
  logoutPath: 'string',
  logoutMethod: 'string',
  protectedPath: 'string',
  sessionCookies: 'strings',
  logoutOthers: 'endpoint',
  csrfTarget: 'endpoint',
  headers: 'record',
  origin: 'string',
  ca: 'string',
  html: 'string',
  tokens: 'number',
  idleWait: 'string',
  maxRequests: 'number',
  timeLimit: 'string',
  requestTimeout: 'string',
  only: 'strings',
};

const isRecordOfStrings = (v: unknown): boolean =>
  typeof v === 'object' &&
  v !== null &&
  !Array.isArray(v) &&
  Object.values(v).every((x) => typeof x === 'string');

function fits(kind: Kind, value: unknown): boolean {
  switch (kind) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isInteger(value) && value > 0;
    case 'strings':
      return Array.isArray(value) && value.every((x) => typeof x === 'string');
    case 'record':
      return isRecordOfStrings(value);
    case 'endpoint': {
      if (typeof value !== 'object' || value === null) return false;
      const e = value as Record<string, unknown>;
      return (
        typeof e.path === 'string' &&
        (e.method === undefined || typeof e.method === 'string') &&
        (e.formPage === undefined || typeof e.formPage === 'string') &&
        (e.fields === undefined || isRecordOfStrings(e.fields))
      );
    }
  }
}

/**
 * Check a parsed config object; throws `AuditAbort('bad-usage')` naming the bad key.
 *
 * @example
 * validateConfig({ loginPath: '/signin' }, 'audit.json');
 */
export function validateConfig(value: unknown, source: string): ConfigFile {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AuditAbort('bad-usage', `${source}: expected a JSON object`);
  }
  for (const [key, entry] of Object.entries(value)) {
    const kind = (KEYS as Record<string, Kind | undefined>)[key];
    if (kind === undefined)
      throw new AuditAbort('bad-usage', `${source}: unknown key ${JSON.stringify(key)}`);
    if (!fits(kind, entry)) throw new AuditAbort('bad-usage', `${source}: ${key} should be a ${kind}`);
  }
  const config = value as ConfigFile;
  if (
    config.loginEncoding !== undefined &&
    config.loginEncoding !== 'form' &&
    config.loginEncoding !== 'json'
  ) {
    throw new AuditAbort('bad-usage', `${source}: loginEncoding should be "form" or "json"`);
  }
  return config;
}

/** Read and validate a config file. */
export async function loadConfig(path: string): Promise<ConfigFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new AuditAbort('bad-usage', `cannot read ${path}: ${(error as Error).message}`);
  }
  try {
    return validateConfig(JSON.parse(text), path);
  } catch (error) {
    if (error instanceof AuditAbort) throw error;
    throw new AuditAbort('bad-usage', `${path}: not valid JSON (${(error as Error).message})`);
  }
}
