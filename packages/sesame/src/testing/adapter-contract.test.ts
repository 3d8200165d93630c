import { describe, expect, it } from 'vitest';
import { adapterContractCases, describeAdapterContract } from './adapter-contract.js';
import { expectConfigError } from '../../test/support/config-error.js';

describe('describeAdapterContract', () => {
  const start = (): never => {
    throw new Error('not called: the skip list is checked first');
  };

  it('refuses a skip key that names no case (typo guard)', () => {
    expectConfigError(
      () => describeAdapterContract('typo', { start, skip: { 'logout replya': 'x' } }),
      /skip names no case: "logout replya"/,
    );
  });

  it('refuses a skip without a reason', () => {
    const name = adapterContractCases[0]?.name ?? '';
    expectConfigError(
      () => describeAdapterContract('no reason', { start, skip: { [name]: ' ' } }),
      /give a reason/,
    );
  });

  it('has unique case names, so each skip key names one case', () => {
    const names = adapterContractCases.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
  });
});
