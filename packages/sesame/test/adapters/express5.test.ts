/**
 * Express 5 passes the adapter contract (issue 13).
 */
import express from 'express';
import { describeAdapterContract } from '../../src/testing/index.js';
import type { AnyExpressApp } from './express-app.js';
import { startExpressContractApp } from './express-app.js';

describeAdapterContract('express 5', {
  trustsLoopbackProxy: true,
  start: (sessions) =>
    startExpressContractApp(
      express() as unknown as AnyExpressApp,
      express.urlencoded({ extended: false, limit: '10kb' }),
      sessions,
    ),
});
