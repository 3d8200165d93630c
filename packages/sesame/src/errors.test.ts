import { describe, expect, it } from 'vitest';
import { SesameError, isSesameError } from './errors.js';
import type * as Errors from './errors.js';

describe('SesameError across copies of the package (dual-package hazard, issue 11)', () => {
  it('recognizes an error made by a second copy of the module, by brand and by instanceof', async () => {
    // A query string makes Vite load errors.ts again: a second SesameError class, as an app that
    // loads both the ESM and the CommonJS build has.
    const secondCopy = './errors.js?second-copy';
    const copy = (await import(secondCopy)) as typeof Errors;
    expect(copy.SesameError).not.toBe(SesameError);
    const foreign = new copy.SesameError('ERR_STORE_TIMEOUT', 'slow');
    expect(isSesameError(foreign)).toBe(true);
    expect(isSesameError(foreign, 'ERR_STORE_TIMEOUT')).toBe(true);
    expect(isSesameError(foreign, 'ERR_STORE_UNAVAILABLE')).toBe(false);
    expect(foreign instanceof SesameError).toBe(true);
    expect(copy.isSesameError(new SesameError('ERR_CSRF_TOKEN', 'no token'))).toBe(true);
  });

  it('does not take look-alikes for SesameErrors', () => {
    const lookAlike = Object.assign(new Error('x'), { name: 'SesameError', code: 'ERR_STORE_TIMEOUT' });
    expect(isSesameError(lookAlike)).toBe(false);
    expect(lookAlike instanceof SesameError).toBe(false);
    expect(isSesameError(null)).toBe(false);
    expect(isSesameError('ERR_STORE_TIMEOUT')).toBe(false);
  });

  it('keeps instanceof exact for subclasses', () => {
    class Narrower extends SesameError {}
    expect(new Narrower('ERR_SESSION_GONE', 'gone') instanceof Narrower).toBe(true);
    expect(new SesameError('ERR_SESSION_GONE', 'gone') instanceof Narrower).toBe(false);
    expect(new Narrower('ERR_SESSION_GONE', 'gone') instanceof SesameError).toBe(true);
  });
});
