import { describe, expect, it } from 'vitest';
import { cookiePair } from './cookie-pool.js';
import { parseVmRssKb } from './proc.js';
import { parseCommandStats } from './redis-admin.js';

describe('parseCommandStats', () => {
  it('reads calls per command from INFO commandstats', () => {
    const info = [
      '# Commandstats',
      'cmdstat_hgetall:calls=1500,usec=3000,usec_per_call=2.00,rejected_calls=0,failed_calls=0',
      'cmdstat_evalsha:calls=20,usec=400,usec_per_call=20.00,rejected_calls=0,failed_calls=0',
      'cmdstat_client|setinfo:calls=2,usec=1,usec_per_call=0.50,rejected_calls=0,failed_calls=0',
      '',
    ].join('\r\n');
    expect(parseCommandStats(info)).toEqual({ hgetall: 1500, evalsha: 20, 'client|setinfo': 2 });
  });
});

describe('parseVmRssKb', () => {
  it('reads VmRSS from /proc/<pid>/status', () => {
    expect(parseVmRssKb('Name:\tnode\nVmPeak:\t 900000 kB\nVmRSS:\t  123456 kB\nThreads:\t7\n')).toBe(123456);
    expect(parseVmRssKb('Name:\tkthreadd\n')).toBeNull();
  });
});

describe('cookiePair', () => {
  it('keeps name=value of the first Set-Cookie', () => {
    expect(cookiePair(['__Host-sid=abc.def; Path=/; HttpOnly; Secure; SameSite=Lax'])).toBe(
      '__Host-sid=abc.def',
    );
    expect(cookiePair(['sid=s%3Aabc.sig; Path=/; Expires=Thu, 26 Nov 2026 13:00:00 GMT'])).toBe(
      'sid=s%3Aabc.sig',
    );
  });
  it('is null without a usable cookie', () => {
    expect(cookiePair([])).toBeNull();
    expect(cookiePair(['; Path=/'])).toBeNull();
  });
});
