/**
 * Security headers from helmet: CSP without script or inline style, no framing, HSTS only over
 * TLS (here: through a trusted proxy that says so).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Visitor } from './support/http-client.js';
import type { RunningDemo } from './support/start-demo.js';
import { startDemo } from './support/start-demo.js';

let demo: RunningDemo;
let proxied: RunningDemo;
beforeAll(async () => {
  demo = await startDemo({ env: { SESSION_STORE: 'memory' } });
  proxied = await startDemo({ env: { SESSION_STORE: 'memory', TRUST_PROXY: 'loopback' } });
});
afterAll(async () => {
  await demo.close();
  await proxied.close();
});

function directives(csp: string | null): Map<string, string> {
  return new Map(
    (csp ?? '').split(';').map((part) => {
      const [name = '', ...values] = part.trim().split(/\s+/);
      return [name, values.join(' ')];
    }),
  );
}

describe('security headers', () => {
  it('sends a CSP that allows no script, only our stylesheet, and no framing', async () => {
    const response = await new Visitor(demo.url).get('/login');
    const csp = directives(response.headers.get('content-security-policy'));
    expect(csp.get('default-src')).toBe("'none'");
    expect(csp.has('script-src')).toBe(false);
    expect(csp.get('style-src')).toBe("'self'");
    expect(csp.get('frame-ancestors')).toBe("'none'");
    expect(csp.get('form-action')).toBe("'self'");
    expect(csp.get('base-uri')).toBe("'none'");
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('same-origin');
    expect(response.headers.get('x-powered-by')).toBeNull();
  });

  it('has no inline script or style in any page', async () => {
    const visitor = new Visitor(demo.url);
    for (const path of ['/', '/login', '/register', '/nope']) {
      const html = await (await visitor.get(path)).text();
      expect(html).not.toMatch(/<script|<style| style=| on[a-z]+=/i);
    }
  });

  it('sends no HSTS over plain HTTP', async () => {
    const response = await new Visitor(demo.url).get('/');
    expect(response.headers.get('strict-transport-security')).toBeNull();
  });

  it('sends HSTS when a trusted proxy says the request came over TLS, and ignores the claim otherwise', async () => {
    const overTls = await new Visitor(proxied.url).get('/', { 'x-forwarded-proto': 'https' });
    expect(overTls.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    const untrusted = await new Visitor(demo.url).get('/', { 'x-forwarded-proto': 'https' });
    expect(untrusted.headers.get('strict-transport-security')).toBeNull();
  });
});
