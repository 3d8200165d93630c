/**
 * How a token's record is read and judged (docs/architecture.md §1.13): a read cache is asked to
 * revalidate only with renewal on, and its copy is kept only when it knows one of the token's
 * possible secrets.
 */
import { describe, expect, it } from 'vitest';
import { manualClock } from '../clock.js';
import type { GetOptions, SessionRecord } from '../store.js';
import { makeRecord } from '../testing/make-record.js';
import { generateToken } from '../token/generate.js';
import { lookUpToken } from './token-lookup.js';

const RENEWAL = { afterMs: 900_000, graceMs: 30_000 };

function setup(renewal: typeof RENEWAL | null) {
  const clock = manualClock();
  const token = generateToken();
  const record = makeRecord({ id: token.id, secretHash: token.secretHash }, clock.now());
  const calls: { id: string; options: GetOptions | undefined }[] = [];
  const get = (id: string, options?: GetOptions): Promise<SessionRecord | null> => {
    calls.push({ id, options });
    return Promise.resolve(record);
  };
  const lookUp = () => lookUpToken(token, { renewal, clock }, get);
  return { clock, token, record, calls, lookUp };
}

describe('lookUpToken', () => {
  it('reads with no options while renewal is off: nothing for a cache to judge', async () => {
    const { calls, lookUp } = setup(null);
    expect((await lookUp()).verdict).toBe('current');
    expect(calls).toEqual([{ id: calls[0]?.id, options: undefined }]);
  });

  it('with renewal on, lets a cache keep a copy that knows the token, current or within its grace', async () => {
    const { calls, lookUp, record, clock, token } = setup(RENEWAL);
    await lookUp();
    const revalidate = calls[0]?.options?.revalidate;
    expect(revalidate).toBeTypeOf('function');
    if (revalidate === undefined) return;
    expect(revalidate(record)).toBe(true);
    const other = makeRecord({ id: token.id }, clock.now());
    // A copy from before the token was renewed to this secret: read again.
    expect(revalidate(other)).toBe(false);
    const renewedAway = { ...other, previousSecretHash: token.secretHash };
    expect(revalidate({ ...renewedAway, previousSecretExpiresMs: clock.now() + 1 })).toBe(true);
    // Past its grace the copy already proves reuse; the server cannot know the token better.
    expect(revalidate({ ...renewedAway, previousSecretExpiresMs: clock.now() })).toBe(true);
  });

  it('judges a record of another id as no match', async () => {
    const { lookUp, record } = setup(RENEWAL);
    record.id = generateToken().id;
    expect((await lookUp()).verdict).toBe('none');
  });
});
