/**
 * The apps under test. Every variant serves the same three routes (server/routes.ts); they differ
 * only in the session layer and its store. Each Sesame variant is paired with express-session on
 * the same kind of store, which is what the "2× express-session" targets compare.
 *
 * @module
 */

export type Library =
  'baseline' | 'floor' | 'store-floor' | 'sesame' | 'sesame-layer' | 'express-session' | 'iron-session';
export type StoreKind = 'none' | 'memory' | 'sqlite' | 'redis' | 'postgres' | 'cookie';

export interface Variant {
  id: VariantId;
  library: Library;
  store: StoreKind;
  /** What the report calls it: library and store package. */
  label: string;
  /** Run only in these scenarios (default: all). */
  scenarios?: readonly ('a' | 'b' | 'c' | 'd')[];
  /** The store's read cache is on (issue 15). */
  cached?: boolean;
  /** Sesame with `encryption`: data and metadata sealed at rest (issue 15). */
  sealed?: boolean;
}

export const VARIANT_IDS = [
  'baseline',
  'async-floor',
  'sesame-memory',
  'express-session-memory',
  'sesame-sqlite',
  'express-session-sqlite',
  'sesame-redis',
  'express-session-redis',
  'sesame-postgres',
  'express-session-postgres',
  'sesame-redis-cached',
  'sesame-postgres-cached',
  'layer-memory',
  'layer-sqlite',
  'layer-redis',
  'layer-postgres',
  'iron-session',
  'sesame-memory-sealed',
  'sesame-sqlite-sealed',
  'sesame-redis-sealed',
  'sesame-postgres-sealed',
  'store-floor-memory',
  'store-floor-sqlite',
  'store-floor-redis',
  'store-floor-postgres',
] as const;

export type VariantId = (typeof VARIANT_IDS)[number];

const PAIRED_STORE_LIST = ['memory', 'sqlite', 'redis', 'postgres'] as const;
const STORE_LABELS = {
  memory: 'memoryStore',
  sqlite: 'sqliteStore',
  redis: 'redisStore',
  postgres: 'postgresStore',
} as const;

export const VARIANTS: readonly Variant[] = [
  { id: 'baseline', library: 'baseline', store: 'none', label: 'Express 5, no sessions (baseline)' },
  {
    id: 'async-floor',
    library: 'floor',
    store: 'none',
    label: 'Floor: one async middleware that reads the request and sets Cache-Control: no-store',
    scenarios: ['a'],
  },
  { id: 'sesame-memory', library: 'sesame', store: 'memory', label: 'Sesame + memoryStore' },
  {
    id: 'express-session-memory',
    library: 'express-session',
    store: 'memory',
    label: 'express-session + MemoryStore',
  },
  { id: 'sesame-sqlite', library: 'sesame', store: 'sqlite', label: 'Sesame + sqliteStore' },
  {
    id: 'express-session-sqlite',
    library: 'express-session',
    store: 'sqlite',
    label: 'express-session + better-sqlite3-session-store',
  },
  { id: 'sesame-redis', library: 'sesame', store: 'redis', label: 'Sesame + redisStore' },
  {
    id: 'express-session-redis',
    library: 'express-session',
    store: 'redis',
    label: 'express-session + connect-redis',
  },
  { id: 'sesame-postgres', library: 'sesame', store: 'postgres', label: 'Sesame + postgresStore' },
  {
    id: 'express-session-postgres',
    library: 'express-session',
    store: 'postgres',
    label: 'express-session + connect-pg-simple',
  },
  // The stores' read cache (issue 15), to compare with sesame-memory: the same app, reads from
  // this process once a session is cached, kept coherent by the server.
  {
    id: 'sesame-redis-cached',
    library: 'sesame',
    store: 'redis',
    label: 'Sesame + redisStore with read cache',
    cached: true,
  },
  {
    id: 'sesame-postgres-cached',
    library: 'sesame',
    store: 'postgres',
    label: 'Sesame + postgresStore with read cache',
    cached: true,
  },
  // The express-session layer (sesame-session/express-session): express-session's handlers on Sesame (issue 12).
  {
    id: 'layer-memory',
    library: 'sesame-layer',
    store: 'memory',
    label: 'Sesame express-session layer + memoryStore',
  },
  {
    id: 'layer-sqlite',
    library: 'sesame-layer',
    store: 'sqlite',
    label: 'Sesame express-session layer + sqliteStore',
  },
  {
    id: 'layer-redis',
    library: 'sesame-layer',
    store: 'redis',
    label: 'Sesame express-session layer + redisStore',
  },
  {
    id: 'layer-postgres',
    library: 'sesame-layer',
    store: 'postgres',
    label: 'Sesame express-session layer + postgresStore',
  },
  {
    id: 'iron-session',
    library: 'iron-session',
    store: 'cookie',
    label: 'iron-session (sealed cookie, stateless)',
  },
  // Sealing at rest (issue 15): the same Sesame apps with `encryption`; compared with the
  // unsealed variant on the same store, not with express-session. Scenario (d) adds nothing:
  // what sealing costs is per request, not per stored session.
  ...PAIRED_STORE_LIST.map((store): Variant => ({
    id: `sesame-${store}-sealed`,
    library: 'sesame',
    store,
    label: `Sesame + ${STORE_LABELS[store]}, data sealed (encryption)`,
    scenarios: ['a', 'b', 'c'],
    sealed: true,
  })),
  // The store floor (server/store-floor-app.ts): Sesame's store calls with no session library,
  // the most any library can do on that store; express-session ÷ it bounds every ratio.
  ...PAIRED_STORE_LIST.map((store): Variant => ({
    id: `store-floor-${store}`,
    library: 'store-floor',
    store,
    label: `Store floor: Sesame's ${STORE_LABELS[store]} calls alone, no session library`,
    scenarios: ['a', 'b', 'c'],
  })),
];

/** The variant with this id. */
export function variantById(id: VariantId): Variant {
  const found = VARIANTS.find((v) => v.id === id);
  if (found === undefined) throw new TypeError(`unknown variant ${id}`);
  return found;
}

/** Whether `value` names a variant. */
export function isVariantId(value: string): value is VariantId {
  return (VARIANT_IDS as readonly string[]).includes(value);
}

/** The stores on which Sesame and express-session are compared, in report order. */
export const PAIRED_STORES = PAIRED_STORE_LIST;
export type PairedStore = (typeof PAIRED_STORES)[number];
