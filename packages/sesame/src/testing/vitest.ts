/**
 * Vitest, the optional peer that `sesame-session/testing` runs on, loaded so that a project
 * without it gets a `SesameError` (`ERR_PEER_MISSING`) naming the install command (issue 11). The CommonJS build
 * swaps this file for `vitest-cjs.ts` (tsup.config.ts), which cannot use top-level await.
 *
 * @module
 */
import type * as Vitest from 'vitest';
import { PEERS, importPeer } from '../peer.js';

const vitest = await importPeer<typeof Vitest>(PEERS.vitest, () => import('vitest'));

export const { describe, expect, it } = vitest;
