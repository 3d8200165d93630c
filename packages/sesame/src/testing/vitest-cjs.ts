/**
 * The CommonJS build's stand-in for `vitest.ts` (top-level await is ESM only). Vitest itself
 * refuses `require()` with its own clear message; a missing Vitest is a `SesameError` (`ERR_PEER_MISSING`).
 *
 * @module
 */
import type * as Vitest from 'vitest';
import { PEERS, requirePeer } from '../peer.js';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the CommonJS build's literal require
const vitest = requirePeer<typeof Vitest>(PEERS.vitest, () => require('vitest'));

export const { describe, expect, it } = vitest;
