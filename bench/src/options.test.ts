import { describe, expect, it } from 'vitest';
import { parseOptions } from './options.js';

describe('npm run bench --profile-scenario', () => {
  it('profiles the read (a) by default and any scenario asked for', () => {
    expect(parseOptions([], {}, '/bench').profileScenario).toBe('a');
    expect(parseOptions(['--profile-scenario=b'], {}, '/bench').profileScenario).toBe('b');
    expect(parseOptions(['--quick', '--profile=8', '--profile-scenario=c'], {}, '/bench')).toMatchObject({
      profileS: 8,
      profileScenario: 'c',
    });
  });

  it('refuses an unknown scenario with the option name', () => {
    expect(() => parseOptions(['--profile-scenario=e'], {}, '/bench')).toThrow(/--profile-scenario/);
  });
});

describe('npm run bench --pg-commit', () => {
  it('leaves synchronous_commit on unless asked to turn it off', () => {
    expect(parseOptions([], {}, '/bench').pgSynchronousCommit).toBe('on');
    expect(parseOptions(['--pg-commit=off'], {}, '/bench').pgSynchronousCommit).toBe('off');
  });

  it('refuses any other value with the option name', () => {
    expect(() => parseOptions(['--pg-commit=local'], {}, '/bench')).toThrow(/--pg-commit/);
  });
});
