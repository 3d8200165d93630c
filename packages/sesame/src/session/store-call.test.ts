import { describe, expect, it } from 'vitest';
import type { SesameError } from '../errors.js';
import { StoreCaller } from './store-call.js';

function caller(timeoutMs: number): { caller: StoreCaller; reports: string[] } {
  const reports: string[] = [];
  const report = (error: SesameError, operation: string): void => {
    reports.push(`${operation}:${error.code}`);
  };
  return { caller: new StoreCaller(timeoutMs, report), reports };
}

const never = (): Promise<never> => new Promise<never>(() => undefined);
const later = <T>(ms: number, value: T): Promise<T> =>
  new Promise((resolve) => setTimeout(() => resolve(value), ms));

describe('StoreCaller', () => {
  it('passes results through and forgets settled calls', async () => {
    const { caller: c, reports } = caller(1_000);
    const results = await Promise.all(
      Array.from({ length: 2_000 }, (_, i) => c.call('get', () => later(i % 3, i))),
    );
    expect(results).toEqual(Array.from({ length: 2_000 }, (_, i) => i));
    expect(c.queued).toBe(0);
    expect(reports).toEqual([]);
  });

  it('turns a rejection or a synchronous throw into ERR_STORE_UNAVAILABLE, reported', async () => {
    const { caller: c, reports } = caller(1_000);
    const driver = new Error('connect ECONNREFUSED 10.0.0.7:5432');
    const failed = await c.call('get', () => Promise.reject(driver)).catch((error: unknown) => error);
    expect(failed).toMatchObject({ code: 'ERR_STORE_UNAVAILABLE', cause: driver });
    // The message reaches clients through frameworks' default error handlers: no host or port.
    expect((failed as Error).message).toBe('Session store failed on get');
    await expect(
      c.call('touch', () => {
        throw new Error('boom');
      }),
    ).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE' });
    expect(reports).toEqual(['get:ERR_STORE_UNAVAILABLE', 'touch:ERR_STORE_UNAVAILABLE']);
    expect(c.queued).toBe(0);
  });

  it('fails a hung call at its own deadline while later calls still answer', async () => {
    const { caller: c, reports } = caller(150);
    const started = performance.now();
    const hung = c.call('get', never).catch((error: SesameError) => ({
      code: error.code,
      afterMs: performance.now() - started,
    }));
    await later(60, null);
    const second = c.call('applyDelta', never).catch((error: SesameError) => ({
      code: error.code,
      afterMs: performance.now() - started,
    }));
    // Calls made while the first hangs answer normally.
    expect(await c.call('get', () => later(5, 'ok'))).toBe('ok');
    const [first, next] = await Promise.all([hung, second]);
    expect(first.code).toBe('ERR_STORE_TIMEOUT');
    expect(first.afterMs).toBeGreaterThanOrEqual(145);
    expect(first.afterMs).toBeLessThan(600);
    expect(next.code).toBe('ERR_STORE_TIMEOUT');
    // Its own deadline (60 ms later), not the first one's.
    expect(next.afterMs).toBeGreaterThanOrEqual(205);
    expect(reports).toEqual(['get:ERR_STORE_TIMEOUT', 'applyDelta:ERR_STORE_TIMEOUT']);
    expect(c.queued).toBe(0);
  });

  it('ignores an answer that arrives after the timeout', async () => {
    const { caller: c } = caller(30);
    await expect(c.call('get', () => later(80, 'too late'))).rejects.toMatchObject({
      code: 'ERR_STORE_TIMEOUT',
    });
    await later(80, null);
    expect(c.queued).toBe(0);
  });

  it('works again after an idle spell', async () => {
    const { caller: c } = caller(40);
    expect(await c.call('get', () => later(1, 1))).toBe(1);
    await later(100, null);
    await expect(c.call('get', never)).rejects.toMatchObject({ code: 'ERR_STORE_TIMEOUT' });
    expect(await c.call('get', () => later(1, 2))).toBe(2);
  });
});
