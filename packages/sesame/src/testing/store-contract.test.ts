import { describe, expect, it } from 'vitest';
import { describeStoreContract, storeContractCases } from './store-contract.js';
import { expectConfigError } from '../../test/support/config-error.js';

describe('describeStoreContract', () => {
  const create = (): never => {
    throw new Error('not called: the skip list is checked first');
  };

  it('refuses a skip key that names no case (typo guard)', () => {
    expectConfigError(
      () => describeStoreContract('typo', { create, skip: { 'get of an unknwn id': 'x' } }),
      /skip names no case: "get of an unknwn id"/,
    );
  });

  it('refuses a skip without a reason', () => {
    const name = storeContractCases[0]?.name ?? '';
    expectConfigError(
      () => describeStoreContract('no reason', { create, skip: { [name]: '  ' } }),
      /give a reason/,
    );
  });

  it('refuses raceRounds that is not a whole number of at least 1', () => {
    for (const raceRounds of [0, -1, 1.5, Number.NaN]) {
      expectConfigError(() => describeStoreContract('rounds', { create, raceRounds }), /raceRounds/);
    }
  });

  it('has race cases, each marked racing so its time limit grows with raceRounds (issue 10)', () => {
    const races = storeContractCases.filter((c) => c.name.startsWith('race: '));
    expect(races.length).toBeGreaterThanOrEqual(4);
    for (const race of races) expect(race.racing).toBe(true);
  });

  it('has unique case names, so each skip key names one case', () => {
    const names = storeContractCases.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
  });
});
