import { describe, expect, it } from 'vitest';
import { factsFromHeaders, factsFromRequest } from './facts.js';

describe('factsFromRequest', () => {
  const proxied = new Request('http://10.0.0.5:3000/login', {
    method: 'POST',
    headers: {
      host: '10.0.0.5:3000',
      'x-forwarded-host': 'app.example:8443, ignored.example',
      'x-forwarded-proto': 'https',
      'x-forwarded-for': '6.6.6.6, 203.0.113.9',
    },
  });

  it('ignores X-Forwarded-* unless told to trust a proxy', () => {
    const facts = factsFromRequest(proxied, { ip: () => '10.0.0.1' });
    expect([facts.host, facts.isSecure, facts.ip]).toEqual(['10.0.0.5:3000', false, '10.0.0.1']);
  });

  it('behind a trusted proxy: its host (port kept), scheme, and the address it saw (not what the client claimed)', () => {
    const facts = factsFromRequest(proxied, { trustProxy: true });
    expect([facts.host, facts.isSecure, facts.ip]).toEqual(['app.example:8443', true, '203.0.113.9']);
  });

  it('is a read-only handshake only when it asks to upgrade (a WebSocket)', () => {
    const upgrade = factsFromRequest(
      new Request('http://app.example/ws', { headers: { upgrade: 'websocket' } }),
    );
    expect([upgrade.handshake, upgrade.readOnly]).toEqual([true, true]);
    const plain = factsFromRequest(proxied);
    expect([plain.handshake, plain.readOnly]).toEqual([false, false]);
  });

  it('without a URL (a Server Action): the Host header, plain HTTP, no path, the address given', () => {
    const source = { method: 'POST', headers: proxied.headers, url: null, ip: () => '10.0.0.1' };
    const facts = factsFromHeaders(source, false);
    expect([facts.host, facts.isSecure, facts.ip, facts.path]).toEqual([
      '10.0.0.5:3000',
      false,
      '10.0.0.1',
      null,
    ]);
    const behindProxy = factsFromHeaders(source, true);
    expect([behindProxy.host, behindProxy.isSecure, behindProxy.ip]).toEqual([
      'app.example:8443',
      true,
      '203.0.113.9',
    ]);
    const bare = factsFromHeaders({ ...source, headers: new Headers() }, false);
    expect([bare.host, bare.isSecure, bare.cookieHeader]).toEqual([null, false, null]);
    // A Server Action is never a handshake, whatever its headers say.
    const upgrade = factsFromHeaders({ ...source, headers: new Headers({ upgrade: 'websocket' }) }, false);
    expect(upgrade.handshake).toBe(false);
  });
});
