import { describe, expect, it } from 'vitest';
import { followRequest } from './agent.js';

const FORGED = {
  form: { a: '1' },
  headers: {
    origin: 'https://attacker.example',
    'sec-fetch-site': 'cross-site',
    referer: 'https://attacker.example/',
  },
  crossSite: true,
};

describe('followRequest (Fetch "HTTP-redirect fetch", RFC 9110 §15.4)', () => {
  it.each([
    [301, 'POST', 'GET'],
    [302, 'POST', 'GET'],
    [303, 'POST', 'GET'],
    [303, 'DELETE', 'GET'],
    [301, 'DELETE', 'DELETE'],
    [307, 'POST', 'POST'],
    [308, 'POST', 'POST'],
  ])('%d after %s is a %s', (status, method, next) => {
    expect(followRequest(status, method, FORGED).method).toBe(next);
  });

  it('drops body and Origin on a GET, keeps Sec-Fetch-Site and Referer, stays cross-site', () => {
    const { options } = followRequest(301, 'POST', FORGED);
    expect(options.form).toBeUndefined();
    expect(options.crossSite).toBe(true);
    expect(options.headers).toEqual({
      origin: null,
      'sec-fetch-site': 'cross-site',
      referer: 'https://attacker.example/',
    });
  });

  it('repeats a cross-site POST with its body and Origin: null (redirect-tainted)', () => {
    const { options } = followRequest(307, 'POST', FORGED);
    expect(options.form).toEqual({ a: '1' });
    expect(options.headers?.origin).toBe('null');
  });
});
