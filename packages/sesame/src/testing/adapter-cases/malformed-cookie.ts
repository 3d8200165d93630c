/**
 * Hostile `Cookie` headers (docs/architecture.md §1.8): garbage, duplicates, quoting, encoding and
 * prototype keys are "no session" (or the real session when it comes first), never an error.
 *
 * @module
 */
import { expect } from '../vitest.js';
import type { AdapterCase } from '../adapter-case.js';
import { SESSION_COOKIE } from '../adapter-case.js';
import { signIn } from './support.js';

export const malformedCookieCases: AdapterCase[] = [
  {
    name: 'garbage, duplicate, quoted and encoded Cookie headers are no session, never an error',
    async run({ browser }) {
      const valid = await signIn(browser(), 'alice');
      const c = SESSION_COOKIE;
      const cases: [string, string, string | null][] = [
        ['garbage', `${c}=%%%;;==;`, null],
        ['no dot', `${c}=${'A'.repeat(66)}`, null],
        ['truncated', `${c}=${valid.slice(0, -1)}`, null],
        ['wrong secret', `${c}=${valid.slice(0, 23)}${'B'.repeat(43)}`, null],
        ['forged first', `${c}=forged; ${c}=${valid}`, null],
        ['real first', `${c}=${valid}; ${c}=forged`, 'alice'],
        ['quoted', `${c}="${valid}"`, null],
        ['percent-encoded', `${c}=${valid.replace('.', '%2E')}`, null],
        ['prototype keys', `__proto__=1; constructor=2; ${c}=${valid}`, 'alice'],
        ['many cookies', `pad=${'x'.repeat(8_000)}; ${c}=${valid}`, 'alice'],
      ];
      for (const [label, header, userId] of cases) {
        const reply = await browser().get('/me', { cookie: header });
        expect(reply.status, label).toBe(200);
        expect(reply.body, label).toMatchObject({ userId });
      }
    },
  },
];
