import { createConnection, createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ConnectionCutter, redisClientOptions } from './client-options.js';

describe('redisClientOptions', () => {
  it('turns the offline queue off and reconnects after every failure, a socket timeout included', () => {
    const options = redisClientOptions();
    expect(options.disableOfflineQueue).toBe(true);
    const { reconnectStrategy } = options.socket;
    // node-redis's default strategy answers false (give up for good) to a SocketTimeoutError.
    const timeout = Object.assign(
      new Error('Socket timeout timeout. Expecting data, but didn’t receive any in 5000ms.'),
      {
        name: 'SocketTimeoutError',
      },
    );
    for (const retries of [0, 1, 5, 50, 10_000]) {
      const delayMs = reconnectStrategy(retries, timeout);
      expect(delayMs).toBeGreaterThan(0);
      expect(delayMs).toBeLessThanOrEqual(500);
    }
    expect(options.socket.socketTimeout).toBe(5_000);
    expect(options.pingInterval).toBeLessThan(options.socket.socketTimeout);
  });

  it('refuses a setting that is not a whole number of milliseconds', () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      expect(() => redisClientOptions({ socketTimeoutMs: bad })).toThrow(/socketTimeoutMs/);
    }
  });

  it('its signal destroys the sockets open at a cut, and keeps no listeners of closed ones', async () => {
    const cutter = redisClientOptions().socket.signal as unknown as ConnectionCutter;
    expect(cutter).toBeInstanceOf(ConnectionCutter);
    const server = createServer((socket) => socket.on('error', () => {}));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      for (let i = 0; i < 20; i++) {
        const socket = createConnection({
          port,
          host: '127.0.0.1',
          signal: cutter as unknown as AbortSignal,
        });
        await new Promise((resolve) => socket.once('connect', resolve));
        socket.destroy();
      }
      expect(cutter.listenerCount).toBeLessThanOrEqual(8);
      const live = createConnection({ port, host: '127.0.0.1', signal: cutter as unknown as AbortSignal });
      await new Promise((resolve) => live.once('connect', resolve));
      const failed = new Promise<Error>((resolve) => live.once('error', resolve));
      cutter.cut();
      expect((await failed).name).toBe('AbortError');
      expect(live.destroyed).toBe(true);
    } finally {
      server.close();
    }
  });
});
