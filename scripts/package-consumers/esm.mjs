// ESM consumer ("type": "module"): every entry point by import, then the sign-in.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import express from 'express';
import { createSessions, isSesameError } from 'sesame-session';
import { sesame } from 'sesame-session/express';
import { memoryStore } from 'sesame-session/stores/memory';
import { postgresStore } from 'sesame-session/stores/postgres';
import { redisStore } from 'sesame-session/stores/redis';
import { sqliteStore } from 'sesame-session/stores/sqlite';
import { main } from 'sesame-session-audit';
import flow from './flow.cjs';

assert.equal(typeof postgresStore, 'function');
assert.equal(typeof redisStore, 'function');
assert.equal(typeof main, 'function');
const schema = readFileSync(
  new URL(import.meta.resolve('sesame-session/stores/postgres/schema.sql')),
  'utf8',
);
assert.match(schema, /CREATE TABLE IF NOT EXISTS/);
// Optional peers that are not installed here: better-sqlite3 and vitest.
await flow.expectPeerMissing(() => sqliteStore({ path: 'data/sessions.db' }), 'better-sqlite3');
await flow.expectPeerMissing(() => import('sesame-session/testing'), 'vitest');
await flow.signIn({ createSessions, isSesameError, memoryStore, sesame, express });
await flow.deviceBound({ createSessions, memoryStore, sesame, express });
console.log('esm: signed in');
