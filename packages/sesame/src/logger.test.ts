/**
 * The logger option with the loggers people pass (issue 11): a store failure's details (`code`,
 * `operation`) must arrive as fields of the log record whatever the logger's argument order.
 * Real pino and winston, writing JSON lines to an in-memory stream.
 */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import winston from 'winston';
import { describe, expect, it } from 'vitest';
import { createSessions } from './index.js';
import type { Logger, ObjectFirstLogger } from './logger.js';
import { objectFirstLogger } from './logger.js';
import type { RequestFacts } from './http.js';
import { memoryStore } from './stores/memory/index.js';
import { generateToken } from './token/generate.js';

const SECRET = 'logger-test-secret-0123456789-abcdefghijklmnop';

/** A stream that keeps every line written to it, parsed as JSON. */
function jsonLines(): { stream: Writable; records: () => Record<string, unknown>[] } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString('utf8');
      done();
    },
  });
  const records = (): Record<string, unknown>[] =>
    text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { stream, records };
}

function facts(cookieHeader: string | null): RequestFacts {
  return {
    method: 'GET',
    host: 'localhost',
    isSecure: true,
    cookieHeader,
    origin: null,
    secFetchSite: null,
    ip: '127.0.0.1',
    userAgent: 'test',
  };
}

/** A request with a well-formed token against a store whose `get` fails: one logged store error. */
async function failStoreGet(logger: Logger): Promise<void> {
  const store = memoryStore();
  store.get = () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379'));
  const sessions = createSessions({ store, secrets: SECRET, logger, production: false });
  const cookie = `__Host-sid=${generateToken().value}`;
  await expect(sessions.load(facts(cookie), () => undefined)).rejects.toMatchObject({
    code: 'ERR_STORE_UNAVAILABLE',
  });
}

describe('logger shapes', () => {
  it('pino: details become fields of the record, the message its msg', async () => {
    const out = jsonLines();
    await failStoreGet(pino({ base: null }, out.stream));
    const [record] = out.records();
    expect(record).toMatchObject({ level: 50, code: 'ERR_STORE_UNAVAILABLE', operation: 'get' });
    expect(record?.['msg']).toMatch(/^sesame: Session store failed on get: connect ECONNREFUSED/);
  });

  it('a pino child logger is recognised too', async () => {
    const out = jsonLines();
    await failStoreGet(pino({ base: null }, out.stream).child({ component: 'sessions' }));
    expect(out.records()[0]).toMatchObject({
      component: 'sessions',
      code: 'ERR_STORE_UNAVAILABLE',
      operation: 'get',
    });
  });

  it('pino warnings without details keep their message', () => {
    const out = jsonLines();
    createSessions({ store: memoryStore(), logger: pino({ base: null }, out.stream), production: false });
    expect(out.records()[0]).toMatchObject({
      level: 40,
      msg: expect.stringMatching(/no secrets given/) as unknown,
    });
  });

  it('winston: details become fields of the record', async () => {
    const out = jsonLines();
    const logger = winston.createLogger({
      format: winston.format.json(),
      transports: [new winston.transports.Stream({ stream: out.stream })],
    });
    await failStoreGet(logger);
    const [record] = out.records();
    expect(record).toMatchObject({ level: 'error', code: 'ERR_STORE_UNAVAILABLE', operation: 'get' });
    expect(record?.['message']).toMatch(/^sesame: Session store failed on get/);
  });

  it('console-shaped loggers get (message, details) unchanged', async () => {
    const calls: unknown[][] = [];
    const logger: Logger = { warn: (...args) => calls.push(args), error: (...args) => calls.push(args) };
    await failStoreGet(logger);
    expect(calls).toEqual([
      [
        expect.stringMatching(/^sesame: Session store failed on get/),
        { code: 'ERR_STORE_UNAVAILABLE', operation: 'get' },
      ],
    ]);
  });

  it('objectFirstLogger adapts any (details, message) logger', async () => {
    const calls: unknown[][] = [];
    const target: ObjectFirstLogger = {
      warn: (...args) => calls.push(args),
      error: (...args) => calls.push(args),
    };
    await failStoreGet(objectFirstLogger(target));
    expect(calls).toEqual([
      [
        { code: 'ERR_STORE_UNAVAILABLE', operation: 'get' },
        expect.stringMatching(/^sesame: Session store failed on get/),
      ],
    ]);
  });
});
