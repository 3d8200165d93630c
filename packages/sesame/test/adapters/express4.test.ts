/**
 * Express 4 passes the adapter contract, and the two breakages a new user hit on it (issue 13):
 * an async route whose store write failed crashed the process (Express 4 drops the handler's
 * promise: the contract's "store failure inside a route" case), and behind `trust proxy` the
 * adapter read the deprecated `req.host`, which prints a warning and drops the port (the
 * contract's proxy case, and the test below).
 */
import express4 from 'express4';
import { describe, expect, it } from 'vitest';
import { createSessions } from '../../src/index.js';
import type { Sessions } from '../../src/index.js';
import { memoryStore } from '../../src/stores/memory/index.js';
import { describeAdapterContract } from '../../src/testing/index.js';
import type { AnyExpressApp } from './express-app.js';
import { startExpressContractApp } from './express-app.js';

const start = (sessions: Sessions) =>
  startExpressContractApp(
    express4() as unknown as AnyExpressApp,
    express4.urlencoded({ extended: false, limit: '10kb' }),
    sessions,
  );

// First in the file: depd warns once per call site and process.
describe('express 4 behind trust proxy', () => {
  it('reads the host without the deprecated req.host, so nothing is printed', async () => {
    const deprecations: string[] = [];
    const onDeprecation = (error: Error): void => void deprecations.push(error.message);
    process.on('deprecation', onDeprecation);
    const sessions = createSessions({
      store: memoryStore(),
      secrets: 'express4-test-secret-0123456789-abcdefghijklmnop',
      production: false,
      logger: { warn: () => undefined, error: () => undefined },
    });
    const server = await start(sessions);
    try {
      // Origin and no Sec-Fetch-Site: the same-origin check reads the host.
      const reply = await fetch(`${server.url}/login?user=alice`, {
        method: 'POST',
        headers: { origin: server.url },
      });
      expect(reply.status).toBe(200);
    } finally {
      await server.close();
      await sessions.close();
      process.off('deprecation', onDeprecation);
    }
    expect(deprecations).toEqual([]);
  });
});

describeAdapterContract('express 4', { trustsLoopbackProxy: true, start });
