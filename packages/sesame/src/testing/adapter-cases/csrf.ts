/**
 * CSRF for unsafe methods (docs/architecture.md §1.9, WSTG-SESS-05, ASVS 5.0 V3.5.1): Fetch
 * Metadata first, `Origin` second, the session's synchronizer token only when neither header is
 * sent; a token never overrides a failed header check. A refused request must not reach the route:
 * each one here tries to write `probe`, and the session must not have it afterwards.
 *
 * @module
 */
import { expect } from '../vitest.js';
import type { AdapterCase, AdapterCaseContext } from '../adapter-case.js';
import { PARTNER_ORIGIN } from '../adapter-case.js';
import type { Browser, BrowserRequest } from '../browser.js';
import { me, signIn } from './support.js';

interface Signed {
  client: Browser;
  token: string;
  /** POST /set?probe=… with these options; the status. */
  attempt(options: BrowserRequest, label: string): Promise<number>;
  /** The probes that reached the route. */
  probes(): Promise<unknown>;
}

async function signedIn({ browser }: AdapterCaseContext): Promise<Signed> {
  const client = browser();
  await signIn(client, 'alice');
  const reply = await client.get('/csrf');
  expect(reply.status).toBe(200);
  const token = (reply.body as { token: string }).token;
  return {
    client,
    token,
    attempt: async (options, label) =>
      (await client.post(`/set?probe=${encodeURIComponent(label)}`, options)).status,
    probes: async () => (await me(client)).data['probe'],
  };
}

/** Expect every request to be refused with 403 and none to reach the route. */
async function expectRefused(signed: Signed, requests: Record<string, BrowserRequest>): Promise<void> {
  for (const [label, options] of Object.entries(requests)) {
    expect(await signed.attempt(options, label), label).toBe(403);
  }
  expect(await signed.probes()).toBeUndefined();
}

export const csrfCases: AdapterCase[] = [
  {
    name: 'refuses cross-site and same-site unsafe requests, even with a valid token',
    async run(context) {
      const signed = await signedIn(context);
      await expectRefused(signed, {
        'cross-site': { headers: { 'sec-fetch-site': 'cross-site' } },
        'same-site': { headers: { 'sec-fetch-site': 'same-site' } },
        'cross-site with token': {
          headers: { 'sec-fetch-site': 'cross-site', 'x-csrf-token': signed.token },
        },
        'cross-site form with token': {
          headers: { 'sec-fetch-site': 'cross-site' },
          form: { _csrf: signed.token },
        },
      });
    },
  },
  {
    name: 'refuses a foreign, null, other-port or other-scheme Origin without Fetch Metadata',
    async run(context) {
      const signed = await signedIn(context);
      const url = new URL(context.url);
      const noFetchMetadata = (origin: string, token?: string): BrowserRequest => ({
        headers: { 'sec-fetch-site': '', origin, ...(token === undefined ? {} : { 'x-csrf-token': token }) },
      });
      await expectRefused(signed, {
        foreign: noFetchMetadata('https://evil.example'),
        'foreign with token': noFetchMetadata('https://evil.example', signed.token),
        null: noFetchMetadata('null'),
        'other port': noFetchMetadata(`${url.protocol}//${url.hostname}:1`),
        'no port': noFetchMetadata(`${url.protocol}//${url.hostname}`),
        'other scheme': noFetchMetadata(`https://${url.host}`),
      });
    },
  },
  {
    name: "without either header, needs this session's own token",
    async run(context) {
      const signed = await signedIn(context);
      const other = context.browser();
      await signIn(other, 'bob');
      const othersToken = ((await other.get('/csrf')).body as { token: string }).token;
      const bare = { 'sec-fetch-site': '' };
      await expectRefused(signed, {
        'no token': { headers: bare },
        'garbage token': { headers: { ...bare, 'x-csrf-token': 'x'.repeat(43) } },
        "another session's token": { headers: { ...bare, 'x-csrf-token': othersToken } },
        "another session's token in the form": { headers: bare, form: { _csrf: othersToken } },
      });
    },
  },
  {
    name: "accepts this session's token in the x-csrf-token header and in the _csrf form field",
    async run(context) {
      const signed = await signedIn(context);
      const bare = { 'sec-fetch-site': '' };
      expect(await signed.attempt({ headers: { ...bare, 'x-csrf-token': signed.token } }, 'header')).toBe(
        200,
      );
      expect(await signed.probes()).toBe('header');
      expect(await signed.attempt({ headers: bare, form: { _csrf: signed.token } }, 'form')).toBe(200);
      expect(await signed.probes()).toBe('form');
    },
  },
  {
    name: 'allows same-origin, user-initiated, allow-listed and matching-Origin requests (port included)',
    async run(context) {
      const signed = await signedIn(context);
      const allowed: Record<string, Record<string, string>> = {
        'same-origin': { 'sec-fetch-site': 'same-origin' },
        none: { 'sec-fetch-site': 'none' },
        partner: { 'sec-fetch-site': 'cross-site', origin: PARTNER_ORIGIN },
        'matching Origin': { 'sec-fetch-site': '', origin: context.url },
      };
      for (const [label, headers] of Object.entries(allowed)) {
        expect(await signed.attempt({ headers }, label), label).toBe(200);
        expect(await signed.probes()).toBe(label);
      }
    },
  },
  {
    name: 'keeps the port in the same-origin check behind a trusted proxy',
    async run(context) {
      const signed = await signedIn(context);
      const proxied = {
        'sec-fetch-site': '',
        'x-forwarded-host': 'app.example:8443',
        'x-forwarded-proto': 'https',
      };
      await expectRefused(signed, {
        'port dropped': { headers: { ...proxied, origin: 'https://app.example' } },
        'proxy ignored': { headers: { ...proxied, origin: context.url } },
      });
      expect(
        await signed.attempt({ headers: { ...proxied, origin: 'https://app.example:8443' } }, 'proxied'),
      ).toBe(200);
      expect(await signed.probes()).toBe('proxied');
    },
  },
  {
    name: 'does not check safe methods',
    async run({ browser }) {
      const client = browser();
      await signIn(client, 'alice');
      const reply = await client.get('/me', {
        headers: { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' },
      });
      expect(reply.status).toBe(200);
    },
  },
];

/** The case that needs a server trusting a proxy on 127.0.0.1. */
export const PROXY_CASE = 'keeps the port in the same-origin check behind a trusted proxy';
