/**
 * The small pure parts: password rules, hashing, throttle keys, device names, time formats.
 */
import { hash } from '@node-rs/argon2';
import bcrypt from 'bcryptjs';
import { describe, expect, it } from 'vitest';
import { clientKey } from '../src/client-key.js';
import { describeDevice } from '../src/devices.js';
import { formatAgo, formatDuration, formatIp } from '../src/format.js';
import { endedMessage, noticeFor, parseEndedReason } from '../src/messages.js';
import { hashPassword, verifyPassword } from '../src/passwords/hash.js';
import { passwordProblem } from '../src/passwords/policy.js';
import { normalizeUsername } from '../src/users/username.js';

describe('passwordProblem', () => {
  it('accepts a long passphrase', () => {
    expect(passwordProblem('violet tractor harbor lemon', 'ada')).toBeNull();
    expect(passwordProblem('ünïcödé pässphräse wörds', 'ada')).toBeNull();
  });

  it('counts code points, not UTF-16 units', () => {
    expect(passwordProblem('🔑🔑🔑🔑🔑🔑🔑🔑', 'ada')).toMatch(/at least 15/);
  });

  it.each([
    'correct horse battery staple',
    'Passwordpassword',
    '1q2w3e4r5t6y7u8i',
    'iloveyou12345678',
    'qwerty123456789!',
  ])('refuses the common %s', (password) => {
    expect(passwordProblem(password, 'ada')).toMatch(/too common/);
  });

  it('refuses very long passwords and ones built from the username or site name', () => {
    expect(passwordProblem('x'.repeat(257), 'ada')).toMatch(/at most 256/);
    expect(passwordProblem('my name is margaret ok', 'margaret')).toMatch(/username/);
    expect(passwordProblem('open the sesame door please', 'ada')).toMatch(/name of this site/);
  });
});

describe('hashing', () => {
  it('hashes with argon2id and verifies without asking for a rehash', async () => {
    const stored = await hashPassword('violet tractor harbor lemon');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(stored, 'violet tractor harbor lemon')).toEqual({ ok: true, rehash: false });
    expect(await verifyPassword(stored, 'violet tractor harbor lime')).toEqual({ ok: false, rehash: false });
  });

  it('normalizes Unicode, so a composed and a decomposed "é" are the same password', async () => {
    const stored = await hashPassword('caf\u00e9 terrace at night');
    expect((await verifyPassword(stored, 'cafe\u0301 terrace at night')).ok).toBe(true);
  });

  it('asks for a rehash of bcrypt and of argon2 with other parameters, only when the password is right', async () => {
    const legacy = await bcrypt.hash('legacy password', 4);
    expect(await verifyPassword(legacy, 'legacy password')).toEqual({ ok: true, rehash: true });
    expect(await verifyPassword(legacy, 'wrong')).toEqual({ ok: false, rehash: true });
    const weak = await hash('old params password', { memoryCost: 8192, timeCost: 1 });
    expect(await verifyPassword(weak, 'old params password')).toEqual({ ok: true, rehash: true });
    expect(await verifyPassword(weak, 'nope')).toEqual({ ok: false, rehash: false });
  });

  it('fails closed on hashes it does not know', async () => {
    for (const stored of ['', 'plaintext', '$1$md5$crypt', '$argon2id$garbage', '$2b$10$short']) {
      expect((await verifyPassword(stored, 'anything')).ok).toBe(false);
    }
  });
});

describe('normalizeUsername', () => {
  it('folds case and full-width forms, and refuses anything outside the rule', () => {
    expect(normalizeUsername(' Ada ')).toBe('ada');
    expect(normalizeUsername('ａｄａ')).toBe('ada');
    for (const bad of ['ab', 'a b', '-ada', 'a'.repeat(33), 'ada<', '__proto__x\u0000'])
      expect(normalizeUsername(bad)).toBeNull();
  });
});

describe('clientKey', () => {
  it('keys IPv4 by address and IPv6 by /64', () => {
    expect(clientKey('203.0.113.9')).toBe('ip4:203.0.113.9');
    expect(clientKey('::ffff:203.0.113.9')).toBe('ip4:203.0.113.9');
    expect(clientKey('2001:db8:1:2:3:4:5:6')).toBe('ip6:2001:db8:1:2::/64');
    expect(clientKey('2001:db8:1:2::99')).toBe(clientKey('2001:db8:1:2:ffff::1'));
    expect(clientKey('2001:db8::1')).toBe('ip6:2001:db8:0:0::/64');
    expect(clientKey('::1')).toBe('ip6:0:0:0:0::/64');
    expect(clientKey(undefined)).toBe('ip:unknown');
  });
});

describe('describeDevice', () => {
  it('names browser and OS, and survives junk', () => {
    expect(
      describeDevice(
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36',
      ),
    ).toEqual({
      label: 'Chrome 156 on Linux',
      kind: 'desktop',
    });
    expect(describeDevice(null)).toEqual({ label: 'Unknown device', kind: 'unknown' });
    expect(describeDevice('curl/8.5.0')).toEqual({ label: 'Unknown browser', kind: 'unknown' });
    expect(describeDevice('<script>'.repeat(1000)).label).toBe('Unknown browser');
  });
});

describe('messages and formats', () => {
  // issue 10: the sessions page showed `::ffff:127.0.0.1`.
  it('shows IP addresses as people read them', () => {
    expect(formatIp('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(formatIp('::FFFF:203.0.113.9')).toBe('203.0.113.9');
    expect(formatIp('203.0.113.9')).toBe('203.0.113.9');
    expect(formatIp('2001:db8::1')).toBe('2001:db8::1');
    expect(formatIp('::1')).toBe('::1');
    expect(formatIp(null)).toBe('unknown');
  });

  it('cannot tell a wrong secret from an ended session: Sesame reports both as ended', () => {
    expect(parseEndedReason('invalid')).toBeNull();
  });

  it('formats durations and relative times', () => {
    expect(formatDuration(30 * 60_000)).toBe('30 minutes');
    expect(formatDuration(12 * 3_600_000)).toBe('12 hours');
    expect(formatDuration(90_000)).toBe('90 seconds');
    expect(formatDuration(60_000)).toBe('1 minute');
    expect(formatAgo(1_000, 30_000)).toBe('just now');
    expect(formatAgo(0, 5 * 60_000)).toBe('5 minutes ago');
    expect(formatAgo(0, 26 * 3_600_000)).toBe('yesterday');
  });

  it('only knows fixed notices and reasons', () => {
    expect(noticeFor('password-changed')).toMatch(/password was changed/);
    expect(noticeFor('toString')).toBeNull();
    expect(noticeFor(['password-changed'])).toBeNull();
    expect(parseEndedReason('idle')).toBe('idle');
    expect(parseEndedReason('constructor')).toBeNull();
    expect(endedMessage('idle', { idleTimeoutMs: 1_800_000, absoluteTimeoutMs: 43_200_000 })).toBe(
      'You were signed out after 30 minutes of inactivity. Please sign in again.',
    );
  });
});
