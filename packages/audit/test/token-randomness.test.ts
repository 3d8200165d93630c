/**
 * The randomness check judges what the site's generator made. express-session signs its ids the
 * cookie-signature way (`s:<id>.<HMAC-SHA256>`): the 256 bits of the HMAC are a function of the
 * id and hid a 48-bit id, a counter or a Math.random id behind a pass. A sample smaller than the
 * check needs is never judged.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCommand } from '../src/args.js';
import { runAudit } from '../src/audit.js';
import { serve, USER } from './fixtures/serve.js';
import type { Served } from './fixtures/serve.js';
import { tutorialApp } from './fixtures/tutorial-app.js';
import { auditOf, evidence, statuses } from './helpers/audit.js';

const ONLY = ['--only', 'token-randomness'];
const SIGNED = 'signed (cookie-signature): judged on the id before the signature';
const running: Served[] = [];
afterAll(() => Promise.all(running.map((s) => s.close())));

async function start(genid?: () => string): Promise<string> {
  const site = await serve(tutorialApp(genid === undefined ? {} : { genid }));
  running.push(site);
  return site.url;
}

describe('token-randomness on signed express-session ids', () => {
  const weak: [string, () => () => string, RegExp][] = [
    ['48 random bits', () => () => randomBytes(6).toString('hex'), /only 48 bits vary/],
    [
      'a counter',
      () => {
        let n = 0;
        return () => String(n++);
      },
      /estimated entropy [\d.]+ bits is below 128/,
    ],
    [
      'Math.random in base36',
      () => () => Math.random().toString(36).slice(2),
      /estimated entropy [\d.]+ bits is below 128/,
    ],
  ];

  it.each(weak)(
    'fails %s, though the signature adds 256 bits that vary',
    async (_name, genid, why) => {
      const report = await auditOf(await start(genid()), ONLY);
      expect(statuses(report)).toEqual({ 'token-randomness': 'fail' });
      expect(report.checks[0]?.severity).toBe('high');
      expect(evidence(report, 'token-randomness')).toMatch(why);
      expect(evidence(report, 'token-randomness')).toContain(SIGNED);
    },
    30_000,
  );

  it("passes express-session's own 24-byte ids, judged without the signature", async () => {
    const report = await auditOf(await start(), ONLY);
    expect(statuses(report)).toEqual({ 'token-randomness': 'pass' });
    expect(evidence(report, 'token-randomness')).toContain(`${SIGNED}; 32 × base64url; 192 bits vary`);
  }, 30_000);
});

describe('token-randomness on a small sample', () => {
  it('skips fewer tokens than it needs, even when fewer were asked for (library use)', async () => {
    const command = await parseCommand([await start(), '--username', USER.username, '-q', ...ONLY], {
      SESAME_AUDIT_PASSWORD: USER.password,
    });
    if (command.kind !== 'run') throw new Error('expected a run command');
    const report = await runAudit({ ...command.options, tokens: 3 });
    expect(statuses(report)).toEqual({ 'token-randomness': 'skip' });
    expect(evidence(report, 'token-randomness')).toBe(
      '3 tokens from login page (anonymous sessions): too few to judge (need 100)',
    );
  }, 30_000);
});
