/**
 * One variant's app: its session layer on its store, with the store's methods wrapped to count
 * the operations each request costs.
 *
 * @module
 */
import type { Express } from 'express';
import type { SessionStore } from 'sesame-session';
import { variantById, type Variant, type VariantId } from '../variants.js';
import { baselineHandlers, floorHandlers } from './baseline-app.js';
import { countCalls } from './count-calls.js';
import { expressSessionHandlers } from './express-session-app.js';
import { ironSessionHandlers } from './iron-session-app.js';
import { loadExpressSession } from './legacy-modules.js';
import { openLegacyStore } from './legacy-stores.js';
import type { OpenedStore } from './opened-store.js';
import type { Counts, ServerConfig } from './protocol.js';
import { buildApp, finishedRequests, type RouteHandlers } from './routes.js';
import { openSesameStore } from './sesame-stores.js';

const SESAME_METHODS = [
  'get',
  'create',
  'applyDelta',
  'touch',
  'replace',
  'delete',
  'listByUser',
  'deleteByUser',
  'deleteExpired',
] as const;
const LEGACY_METHODS = ['get', 'set', 'touch', 'destroy'] as const;

function cpuUs(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

export interface BuiltVariant {
  app: Express;
  counts(): Counts;
  fill(count: number): Promise<void>;
  size(): Promise<number | null>;
  close(): Promise<void>;
}

function withStore(app: Express, opened: OpenedStore<object>, store: Record<string, number>): BuiltVariant {
  return {
    app,
    counts: () => ({
      requests: finishedRequests(),
      cpuUs: cpuUs(),
      store: { ...store },
      queries: opened.queries(),
    }),
    fill: (count) => opened.fill(count),
    size: () => opened.size(),
    close: () => opened.close(),
  };
}

const STATELESS = {
  counts: (): Counts => ({ requests: finishedRequests(), cpuUs: cpuUs(), store: {}, queries: null }),
  fill: (): Promise<void> => Promise.resolve(),
  size: (): Promise<null> => Promise.resolve(null),
  close: (): Promise<void> => Promise.resolve(),
};

/** A variant on a Sesame store: the store opened for it, its calls counted, `handlers` on top. */
async function onSesameStore(
  variant: Variant,
  config: ServerConfig,
  handlers: (store: SessionStore) => Promise<RouteHandlers>,
): Promise<BuiltVariant> {
  const storeCounts: Record<string, number> = {};
  const opened = await openSesameStore(variant.store, config, variant.cached === true);
  countCalls(opened.store, SESAME_METHODS, storeCounts);
  return withStore(buildApp(await handlers(opened.store)), opened, storeCounts);
}

export async function buildVariant(id: VariantId, config: ServerConfig): Promise<BuiltVariant> {
  const variant = variantById(id);
  switch (variant.library) {
    case 'baseline':
      return { app: buildApp(baselineHandlers()), ...STATELESS };
    case 'floor':
      return { app: buildApp(floorHandlers()), ...STATELESS };
    case 'iron-session':
      return { app: buildApp(ironSessionHandlers()), ...STATELESS };
    case 'sesame':
      return onSesameStore(variant, config, async (store) => {
        const { sesameHandlers } = await import('./sesame-app.js');
        return sesameHandlers(store, variant.sealed === true);
      });
    case 'store-floor':
      return onSesameStore(variant, config, async (store) => {
        const { storeFloorHandlers } = await import('./store-floor-app.js');
        return storeFloorHandlers(store);
      });
    case 'sesame-layer':
      return onSesameStore(variant, config, async (store) => {
        const { layerHandlers } = await import('./layer-app.js');
        return layerHandlers(store);
      });
    case 'express-session': {
      const storeCounts: Record<string, number> = {};
      const session = loadExpressSession();
      const opened = await openLegacyStore(variant.store, session, config);
      countCalls(opened.store, LEGACY_METHODS, storeCounts);
      return withStore(buildApp(expressSessionHandlers(session, opened.store)), opened, storeCounts);
    }
  }
}
