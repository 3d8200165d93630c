'use strict';
// CommonJS consumer (npm init -y): every entry point by require(), then the sign-in and a
// device-bound registration (jose is bundled into the CommonJS build), then the
// ESM copy of the package next to the CommonJS one (the dual-package hazard).
const assert = require('node:assert/strict');
const { readFileSync } = require('node:fs');
const express = require('express');
const { createSessions, isSesameError, SesameError } = require('sesame-session');
const { sesame } = require('sesame-session/express');
const { memoryStore } = require('sesame-session/stores/memory');
const { postgresStore } = require('sesame-session/stores/postgres');
const { redisStore } = require('sesame-session/stores/redis');
const { sqliteStore } = require('sesame-session/stores/sqlite');
const { main } = require('sesame-session-audit');
const flow = require('./flow.cjs');

async function run() {
  assert.equal(typeof postgresStore, 'function');
  assert.equal(typeof redisStore, 'function');
  assert.equal(typeof main, 'function');
  const schema = readFileSync(require.resolve('sesame-session/stores/postgres/schema.sql'), 'utf8');
  assert.match(schema, /CREATE TABLE IF NOT EXISTS/);
  await flow.expectPeerMissing(() => sqliteStore({ path: 'data/sessions.db' }), 'better-sqlite3');
  await flow.expectPeerMissing(() => require('sesame-session/testing'), 'vitest');
  await flow.signIn({ createSessions, isSesameError, memoryStore, sesame, express });
  await flow.deviceBound({ createSessions, memoryStore, sesame, express });

  const esm = await import('sesame-session');
  assert.notEqual(esm.SesameError, SesameError, 'two copies are loaded');
  const fromCjs = new SesameError('ERR_SESSION_GONE', 'gone');
  const fromEsm = new esm.SesameError('ERR_STORE_TIMEOUT', 'slow');
  assert.ok(esm.isSesameError(fromCjs, 'ERR_SESSION_GONE'));
  assert.ok(isSesameError(fromEsm, 'ERR_STORE_TIMEOUT'));
  assert.ok(fromEsm instanceof SesameError);
  assert.ok(fromCjs instanceof esm.SesameError);
  console.log('cjs: signed in');
}

run().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
