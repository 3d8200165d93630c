/**
 * Session data sealed at rest (issue 15): a {@link SessionStore} in front of another that seals
 * every top-level data value and the request metadata (IP address, user agent) on the way in and
 * opens them on the way out, so a dump or a backup of the store shows no plaintext of either.
 *
 * Each top-level value is sealed on its own (envelope.ts), bound to the session id and its key
 * name. The store still receives a `SessionDelta` of whole top-level values, so it applies parallel
 * changes to different keys exactly as before (docs/architecture.md §1.6), with no store changed.
 * What stays readable is what the store must index or compare: the id, the secret's hash, the
 * user id, the times, and the data's key names (docs/sealing.md in the repository).
 *
 * Re-sealing: every value written is sealed with the newest key; `create` and `replace` (sign-in,
 * rotation, re-authentication) seal the whole record again, under its new id. A value no write
 * touches keeps the key it was sealed with: re-sealing it on some other key's write would need its
 * plaintext, read earlier, and would overwrite a parallel request's change to it (a lost update).
 *
 * A record with any value that does not open (sealed under a key no longer configured, changed,
 * moved from another session or key, or never sealed) reads as no session, whole: never a partial
 * record. `report` hears of it, for the `unreadable` event.
 *
 * Every method is delegated by name, not through a Proxy, so a method added to `SessionStore`
 * stops this class compiling until it is delegated here (with its sealing, if it carries data).
 *
 * @module
 */
import type {
  CreateResult,
  DeleteByUserOptions,
  GetOptions,
  SecretRenewal,
  SessionData,
  SessionDelta,
  SessionMeta,
  SessionRecord,
  SessionStore,
} from '../store.js';
import type { DerivedKeys, UnsealFailure } from './envelope.js';
import { WriteSealer, openValue, sealContext } from './envelope.js';
import type { SealKey } from './keys.js';

/** Hears of each stored record that did not open, and why. */
export type UnreadableReport = (id: string, userId: string | null, reason: UnsealFailure) => void;

type MetaField = keyof SessionMeta;
const META_FIELDS: readonly MetaField[] = ['ip', 'userAgent'];

/** Set `key` as an own property even when it is "__proto__" (plain assignment would not). */
function defineKey(target: SessionData, key: string, value: SessionData[string]): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Thrown inside {@link SealedStore} to abandon a record that does not open. */
class Unreadable extends Error {
  constructor(readonly reason: UnsealFailure) {
    super(`sealed record unreadable: ${reason}`);
  }
}

/** JSON that opened under a configured key: unparsable only if that key sealed something else. */
function parseOpened(text: string): SessionData[string] {
  try {
    return JSON.parse(text) as SessionData[string];
  } catch {
    throw new Unreadable('tampered');
  }
}

/** The sealing decorator; make one with {@link sealedStore}. */
export class SealedStore implements SessionStore {
  /** The inner store's mark (config.ts `isProcessLocal`): sealing does not make memory durable. */
  readonly processLocal: boolean;
  readonly #inner: SessionStore;
  readonly #keys: readonly SealKey[];
  readonly #newest: SealKey;
  readonly #report: UnreadableReport;

  readonly #openOnGet: boolean;

  /**
   * `openOnGet: false` makes `get` return the record as stored, sealed, for a caller that opens it
   * itself with {@link openRecord} once it knows the caller may see it: the engine, which checks
   * the token's secret first so that opening costs nothing an unknown id does not (issue 10).
   */
  constructor(
    inner: SessionStore,
    keys: readonly SealKey[],
    report: UnreadableReport = () => {},
    options: { openOnGet?: boolean } = {},
  ) {
    const newest = keys[0];
    if (newest === undefined) throw new TypeError('sealedStore: give at least one key.');
    this.#inner = inner;
    this.#keys = keys;
    this.#newest = newest;
    this.#report = report;
    this.#openOnGet = options.openOnGet !== false;
    this.processLocal = (inner as { processLocal?: unknown }).processLocal === true;
  }

  async create(record: SessionRecord): Promise<CreateResult> {
    return this.#inner.create(this.#sealRecord(record));
  }

  async get(id: string, options?: GetOptions): Promise<SessionRecord | null> {
    // The secret hashes that `revalidate` judges are not sealed, so it sees the stored record.
    const stored = await this.#inner.get(id, options);
    return stored === null || !this.#openOnGet ? stored : this.#openOrReport(stored);
  }

  async applyDelta(id: string, delta: SessionDelta): Promise<boolean> {
    const sealed: SessionDelta = {};
    const sealer = new WriteSealer(this.#newest);
    if (delta.set !== undefined) sealed.set = this.#sealData(sealer, id, delta.set);
    if (delta.unset !== undefined) sealed.unset = delta.unset;
    if (delta.meta !== undefined) sealed.meta = this.#sealMeta(sealer, id, delta.meta);
    // The device binding holds a public key and a one-time challenge, nothing personal: it goes
    // through as it is (a writer to the store is out of scope, SECURITY.md).
    if (delta.deviceBinding !== undefined) sealed.deviceBinding = delta.deviceBinding;
    if (delta.touch !== undefined) sealed.touch = delta.touch;
    return this.#inner.applyDelta(id, sealed);
  }

  touch(id: string, lastSeenMs: number, idleExpiresMs: number): Promise<boolean> {
    return this.#inner.touch(id, lastSeenMs, idleExpiresMs);
  }

  async replace(oldId: string, record: SessionRecord): Promise<CreateResult | null> {
    return this.#inner.replace(oldId, this.#sealRecord(record));
  }

  /** The secret hashes are hashes, nothing personal: they pass as they are, like the expiries. */
  renewSecret(id: string, renewal: SecretRenewal): Promise<boolean> {
    return this.#inner.renewSecret(id, renewal);
  }

  delete(id: string): Promise<void> {
    return this.#inner.delete(id);
  }

  async listByUser(userId: string): Promise<SessionRecord[]> {
    const records: SessionRecord[] = [];
    for (const stored of await this.#inner.listByUser(userId)) {
      const record = this.#openOrReport(stored);
      if (record !== null) records.push(record);
    }
    return records;
  }

  deleteByUser(userId: string, options?: DeleteByUserOptions): Promise<number> {
    return this.#inner.deleteByUser(userId, options);
  }

  deleteExpired(nowMs: number): Promise<number> {
    return this.#inner.deleteExpired(nowMs);
  }

  close(): Promise<void> {
    return this.#inner.close();
  }

  #sealRecord(record: SessionRecord): SessionRecord {
    const sealer = new WriteSealer(this.#newest);
    const meta = this.#sealMeta(sealer, record.id, record.meta) as SessionMeta;
    return { ...record, data: this.#sealData(sealer, record.id, record.data), meta };
  }

  /** Each value as JSON, sealed; a value JSON drops (`undefined`, a function) is dropped, as a store would. */
  #sealData(sealer: WriteSealer, id: string, data: SessionData): SessionData {
    const sealed = {} as SessionData;
    for (const [name, value] of Object.entries(data)) {
      const text = JSON.stringify(value) as string | undefined;
      if (text === undefined) continue;
      defineKey(sealed, name, sealer.seal(sealContext(id, `data:${name}`), text));
    }
    return sealed;
  }

  #sealMeta(sealer: WriteSealer, id: string, meta: Partial<SessionMeta>): Partial<SessionMeta> {
    const sealed: Partial<SessionMeta> = {};
    for (const field of META_FIELDS) {
      const value = meta[field];
      if (value === undefined) continue;
      sealed[field] = value === null ? null : sealer.seal(sealContext(id, `meta:${field}`), value);
    }
    return sealed;
  }

  #openOrReport(stored: SessionRecord): SessionRecord | null {
    const opened = this.openRecord(stored);
    if (typeof opened !== 'string') return opened;
    this.#report(stored.id, stored.userId, opened);
    return null;
  }

  /** The record with every value opened, or why one of them does not open (nothing reported). */
  openRecord(stored: SessionRecord): SessionRecord | UnsealFailure {
    // Values sealed by one write share a cipher key (envelope.ts): derive it once per record.
    const derived: DerivedKeys = new Map();
    const open = (place: string, value: unknown): string => {
      const opened = openValue(this.#keys, sealContext(stored.id, place), value, derived);
      if (!opened.ok) throw new Unreadable(opened.reason);
      return opened.text;
    };
    try {
      const data = {} as SessionData;
      for (const [name, value] of Object.entries(stored.data)) {
        defineKey(data, name, parseOpened(open(`data:${name}`, value)));
      }
      const meta: SessionMeta = { ip: null, userAgent: null };
      for (const field of META_FIELDS) {
        const value = stored.meta[field];
        meta[field] = value === null ? null : open(`meta:${field}`, value);
      }
      return { ...stored, data, meta };
    } catch (error) {
      if (!(error instanceof Unreadable)) throw error;
      return error.reason;
    }
  }
}

/**
 * Seal `inner`'s data and request metadata at rest under `keys` (newest first), with `get` opening
 * records as the store contract expects. Internal (not a package export): `createSessions()` puts
 * a {@link SealedStore} in front of the store itself when given the `encryption` option; this is
 * what the contract suite and the dump tests run. `report` hears of every record that does not
 * open, which then reads as no session.
 */
export function sealedStore(
  inner: SessionStore,
  keys: readonly SealKey[],
  report?: UnreadableReport,
): SealedStore {
  return new SealedStore(inner, keys, report);
}
