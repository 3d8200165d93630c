/**
 * Optional peer dependencies, loaded when a feature first needs them: importing
 * `sesame-session/stores/sqlite` costs nothing until a store opens a file, and an app without the
 * peer gets a {@link SesameError} that names the package and the command that installs it, not a
 * bare `ERR_MODULE_NOT_FOUND` (issue 11).
 *
 * @module
 */
import { SesameError } from './errors.js';

/** What the error message tells the developer to run, e.g. `npm install better-sqlite3`. */
export interface PeerInfo {
  /** The package to load, e.g. `better-sqlite3`. */
  readonly name: string;
  /** Who needs it, e.g. `sesame-session/stores/sqlite`. */
  readonly neededBy: string;
  /** The install command. Default: `npm install <name>`. */
  readonly install?: string;
}

/** The optional peers that Sesame itself loads (the Redis and PostgreSQL stores take the app's client). */
export const PEERS = {
  betterSqlite3: {
    name: 'better-sqlite3',
    neededBy: 'sesame-session/stores/sqlite',
    install: 'npm install better-sqlite3 && npm install -D @types/better-sqlite3',
  },
  vitest: { name: 'vitest', neededBy: 'sesame-session/testing', install: 'npm install -D vitest' },
} as const satisfies Record<string, PeerInfo>;

/** The error for a peer that is not installed. */
export function peerMissing(peer: PeerInfo, cause: unknown): SesameError {
  const install = peer.install ?? `npm install ${peer.name}`;
  return new SesameError(
    'ERR_PEER_MISSING',
    `${peer.neededBy} needs the optional peer dependency ${peer.name}, which is not installed: run \`${install}\`.`,
    { cause },
  );
}

/** True when `err` says that `name` itself could not be found (not a file inside it, not its own dependency). */
export function isNotFound(err: unknown, name: string): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const { code, message } = err as { code?: unknown; message?: unknown };
  if (code !== 'MODULE_NOT_FOUND' && code !== 'ERR_MODULE_NOT_FOUND') return false;
  return typeof message === 'string' && (message.includes(`'${name}'`) || message.includes(`"${name}"`));
}

/** Load an ES module peer; `load` is the literal `import('…')`, so tools still see the dependency. */
export async function importPeer<T>(peer: PeerInfo, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (err) {
    throw isNotFound(err, peer.name) ? peerMissing(peer, err) : err;
  }
}

/**
 * Load a CommonJS peer synchronously (better-sqlite3 is CommonJS). `load` is the literal
 * `require('…')` of the module that needs the peer, never a computed name: bundlers that compile
 * server code (Next.js, webpack, esbuild) follow a literal name, keep the peer external and copy
 * or link it beside the output; a computed name fails at run time inside their bundle.
 */
export function requirePeer<T>(peer: PeerInfo, load: () => unknown): T {
  try {
    return load() as T;
  } catch (err) {
    throw isNotFound(err, peer.name) ? peerMissing(peer, err) : err;
  }
}
