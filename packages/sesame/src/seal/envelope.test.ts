import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openValue, sealContext, sealValue, sealedKeyId } from './envelope.js';
import type { SealKey } from './keys.js';
import { sealKeyId } from './keys.js';

function key(): SealKey {
  const bytes = randomBytes(32);
  return { id: sealKeyId(bytes), bytes };
}

describe('sealing one value', () => {
  const k1 = key();
  const k2 = key();
  const here = sealContext('id-1', 'data:cart');

  it('opens with the key that sealed it, found by its id among several', () => {
    const sealed = sealValue(k2, here, '{"items":["✓ 𝄞"]}');
    expect(sealed).toMatch(new RegExp(`^sl1\\.${k2.id}\\.[A-Za-z0-9_-]+$`));
    expect(sealedKeyId(sealed)).toBe(k2.id);
    expect(openValue([k1, k2], here, sealed)).toEqual({ ok: true, text: '{"items":["✓ 𝄞"]}' });
  });

  it('shows nothing of the plaintext and never repeats (fresh salt and IV each time)', () => {
    const text = 'MARKER-plaintext-MARKER';
    const a = sealValue(k1, here, text);
    const b = sealValue(k1, here, text);
    expect(a).not.toEqual(b);
    for (const sealed of [a, b]) {
      expect(sealed).not.toContain('MARKER');
      expect(Buffer.from(sealed.split('.')[2] ?? '', 'base64url').toString('latin1')).not.toContain('MARKER');
    }
  });

  it('does not open under another session id or another place (the associated data)', () => {
    const sealed = sealValue(k1, here, '"admin"');
    expect(openValue([k1], sealContext('id-2', 'data:cart'), sealed)).toEqual({
      ok: false,
      reason: 'tampered',
    });
    expect(openValue([k1], sealContext('id-1', 'data:role'), sealed)).toEqual({
      ok: false,
      reason: 'tampered',
    });
    expect(openValue([k1], sealContext('id-1', 'meta:ip'), sealed)).toEqual({
      ok: false,
      reason: 'tampered',
    });
  });

  it('reports a key that is not configured', () => {
    expect(openValue([k1], here, sealValue(k2, here, '1'))).toEqual({ ok: false, reason: 'unknown-key' });
    expect(openValue([], here, sealValue(k2, here, '1'))).toEqual({ ok: false, reason: 'unknown-key' });
  });

  it('reports any changed byte, a changed key id and a cut value as tampered', () => {
    const sealed = sealValue(k1, here, '"value"');
    const [version, id, body] = sealed.split('.') as [string, string, string];
    const bytes = Buffer.from(body, 'base64url');
    for (let i = 0; i < bytes.length; i++) {
      const changed = Buffer.from(bytes);
      changed[i] = (changed[i] as number) ^ 1;
      expect(openValue([k1], here, `${version}.${id}.${changed.toString('base64url')}`)).toEqual({
        ok: false,
        reason: 'tampered',
      });
    }
    // The same body presented under another configured key's id.
    expect(openValue([k1, k2], here, `${version}.${k2.id}.${body}`)).toEqual({
      ok: false,
      reason: 'tampered',
    });
    expect(openValue([k1], here, `${version}.${id}.${bytes.subarray(0, 43).toString('base64url')}`)).toEqual({
      ok: false,
      reason: 'tampered',
    });
    expect(openValue([k1], here, `${version}.${id}.${bytes.subarray(0, 44).toString('base64url')}`)).toEqual({
      ok: false,
      reason: 'tampered',
    });
  });

  it.each([
    ['plain JSON text', '{"cart":[1]}'],
    ['a number', 42],
    ['null', null],
    ['another version', 'sl2.AAAAAAAA.AAAA'],
    ['a short key id', 'sl1.AAAA.AAAA'],
    ['characters outside base64url', 'sl1.AAAAAAAA.AA+A/'],
    ['an empty body', 'sl1.AAAAAAAA.'],
  ])('reports %s as not sealed, without throwing', (_name, stored) => {
    expect(openValue([k1], here, stored)).toEqual({ ok: false, reason: 'not-sealed' });
  });
});
