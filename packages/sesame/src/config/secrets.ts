/**
 * The `secrets` option: newest first, each at least 32 bytes and random-looking; required in
 * production, a random one per process (with a warning) in development (docs/architecture.md §1).
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from '../logger.js';
import { insecure, invalid } from './option-errors.js';

const MIN_SECRET_BYTES = 32;

const MAKE_SECRET = `node -e "console.log(require('node:crypto').randomBytes(32).toString('base64url'))"`;

const PROCESS_SECRET = Symbol.for('sesame-session.processSecret');

/**
 * One random development secret per process, shared by every `createSessions` in it and by
 * every copy of the package it loaded: a framework that bundles the app twice (Next.js builds its
 * route handlers and its pages apart) must not make tokens one copy refuses from the other.
 */
function processSecret(): Buffer {
  const shared = globalThis as { [PROCESS_SECRET]?: Buffer };
  shared[PROCESS_SECRET] ??= randomBytes(MIN_SECRET_BYTES);
  return shared[PROCESS_SECRET];
}

/** The secrets as bytes, newest first, or the error that names the bad one. */
export function resolveSecrets(
  given: string | readonly string[] | undefined,
  production: boolean,
  logger: Logger,
): Buffer[] {
  const list = given === undefined ? [] : typeof given === 'string' ? [given] : [...given];
  const present = list.filter((s) => s !== '');
  if (present.length === 0) {
    if (production) {
      throw insecure(
        `Option secrets is required in production (set SESSION_SECRET). Make one with: ${MAKE_SECRET}`,
      );
    }
    logger.warn(
      'sesame: no secrets given; using a random one for this process (CSRF tokens will not survive a restart).',
    );
    return [processSecret()];
  }
  return present.map((secret, index) => {
    if (typeof secret !== 'string') throw invalid(`Option secrets[${index}] must be a string.`);
    const bytes = Buffer.from(secret, 'utf8');
    if (bytes.length < MIN_SECRET_BYTES) {
      throw insecure(
        `Option secrets[${index}] has ${bytes.length} bytes; at least ${MIN_SECRET_BYTES} are needed. Make one with: ${MAKE_SECRET}`,
      );
    }
    if (new Set(secret).size < 8)
      throw insecure(`Option secrets[${index}] repeats too few characters to be random.`);
    return bytes;
  });
}
