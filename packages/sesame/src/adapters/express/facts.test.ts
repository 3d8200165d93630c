/**
 * The facts of a request that did not pass through Express: socket.io's engine and `ws` hand the
 * middleware Node's own request, with no `req.app` (so no trust proxy setting, `req.secure`,
 * `req.ip` or `req.originalUrl`). Its host, scheme, address and path come from the connection
 * and the URL as sent, and it is a handshake, as is every WebSocket upgrade Express routes.
 */
import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import { factsFromExpress } from './facts.js';

interface Shape {
  app?: object;
  headers?: Record<string, string>;
  socket?: { remoteAddress?: string; encrypted?: boolean };
  url?: string;
  originalUrl?: string;
  secure?: boolean;
  ip?: string;
}

const request = (shape: Shape): Request =>
  ({ method: 'GET', headers: {}, socket: {}, url: '/', ...shape }) as unknown as Request;

/** An app whose trust proxy setting trusts no one, as Express's default. */
const app = { get: () => () => false };

describe("Node's own request (engine.io, ws)", () => {
  it('is a read-only handshake, judged by the connection: Host, TLS, peer address, URL', () => {
    const facts = factsFromExpress(
      request({
        headers: {
          host: 'app.example:8443',
          'x-forwarded-host': 'evil.example',
          'x-forwarded-proto': 'https',
        },
        socket: { remoteAddress: '203.0.113.7' },
        url: '/socket.io/?EIO=4&transport=polling',
      }),
    );
    expect([facts.handshake, facts.readOnly]).toEqual([true, true]);
    expect([facts.host, facts.isSecure, facts.ip, facts.path]).toEqual([
      'app.example:8443',
      false,
      '203.0.113.7',
      '/socket.io/',
    ]);
  });

  it('is secure over TLS; with no Host and no peer address, those are absent', () => {
    const facts = factsFromExpress(request({ socket: { encrypted: true }, url: '/ws' }));
    expect([facts.isSecure, facts.host, facts.ip, facts.path]).toEqual([true, null, null, '/ws']);
  });
});

describe("Express's request", () => {
  it('is a handshake only when it asks to upgrade', () => {
    const plain = factsFromExpress(request({ app, secure: true, ip: '10.0.0.1' }));
    expect([plain.handshake, plain.readOnly]).toEqual([false, false]);
    const upgrade = factsFromExpress(request({ app, headers: { upgrade: 'websocket' } }));
    expect([upgrade.handshake, upgrade.readOnly]).toEqual([true, true]);
  });

  it("keeps Express's values: trust proxy host, req.secure, req.ip, originalUrl", () => {
    const facts = factsFromExpress(
      request({
        app,
        headers: { host: 'app.example', 'x-forwarded-host': 'evil.example' },
        socket: { remoteAddress: '127.0.0.1', encrypted: false },
        secure: true,
        ip: '198.51.100.4',
        originalUrl: '/mounted/path?q=1',
        url: '/path?q=1',
      }),
    );
    expect([facts.host, facts.isSecure, facts.ip, facts.path]).toEqual([
      'app.example',
      true,
      '198.51.100.4',
      '/mounted/path',
    ]);
  });
});
