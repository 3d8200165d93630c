/**
 * One variant's app: its session layer on its store, with the store's methods wrapped to count
 * the operations each request costs.
 *
 * @module
 */
import type { Express } from 'express';
import { variantById, type VariantId } from '../variants.js';
import { baselineHandlers, floorHandlers } from './baseline-app.js';
import { countCalls } from './count-calls.js';
import { expressSessionHandlers } from './express-session-app.js';
import { ironSessionHandlers } from './iron-session-app.js';
import { loadExpressSession } from './legacy-modules.js';
import { openLegacyStore } from './legacy-stores.js';
import type { OpenedStore } from './opened-store.js';
import type { Counts, ServerConfig } from './protocol.js';
import { buildApp, finishedRequests } from './routes.js';
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

export async function buildVariant(id: VariantId, config: ServerConfig): Promise<BuiltVariant> {
  const variant = variantById(id);
  const storeCounts: Record<string, number> = {};
  switch (variant.library) {
    case 'baseline':
      return { app: buildApp(baselineHandlers()), ...STATELESS };
    case 'floor':
      return { app: buildApp(floorHandlers()), ...STATELESS };
    case 'iron-session':
      return { app: buildApp(ironSessionHandlers()), ...STATELESS };
    case 'sesame': {
      const opened = await openSesameStore(variant.store, config, variant.cached === true);
      countCalls(opened.store, SESAME_METHODS, storeCounts);
      const { sesameHandlers } = await import('./sesame-app.js');
      return withStore(buildApp(sesameHandlers(opened.store, variant.sealed === true)), opened, storeCounts);
    }
    case 'store-floor': {
      const opened = await openSesameStore(variant.store, config);
      countCalls(opened.store, SESAME_METHODS, storeCounts);
      const { storeFloorHandlers } = await import('./store-floor-app.js');
      return withStore(buildApp(storeFloorHandlers(opened.store)), opened, storeCounts);
    }
    case 'sesame-layer': {
      const opened = await openSesameStore(variant.store, config);
      countCalls(opened.store, SESAME_METHODS, storeCounts);
      const { layerHandlers } = await import('./layer-app.js');
      return withStore(buildApp(layerHandlers(opened.store)), opened, storeCounts);
    }
    case 'express-session': {
      const session = loadExpressSession();
      const opened = await openLegacyStore(variant.store, session, config);
      countCalls(opened.store, LEGACY_METHODS, storeCounts);
      return withStore(buildApp(expressSessionHandlers(session, opened.store)), opened, storeCounts);
    }
  }
}
