import { describe, expect, it } from 'vitest';
import { parseWrkDurationMs, parseWrkOutput } from './wrk-output.js';

// Captured from wrk 4.1.0 (Debian) on the bench machine: a 404 target, so every response is non-2xx.
const NOT_FOUND_RUN = `Running 1s test @ http://127.0.0.1:18999/nonexist
  1 threads and 5 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.76ms    1.93ms  32.92ms   98.02%
    Req/Sec     3.13k     0.87k    4.27k    72.73%
  Latency Distribution
     50%    1.29ms
     75%    1.67ms
     90%    2.81ms
     99%   11.31ms
  3421 requests in 1.10s, 1.70MB read
  Non-2xx or 3xx responses: 3421
Requests/sec:   3110.26
Transfer/sec:      1.54MB
`;

// Same shape, from a bench run with the Lua pool script, plus socket errors as wrk prints them.
const SCRIPTED_RUN = `Running 5s test @ http://127.0.0.1:41235/read
  1 threads and 50 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     6.90ms    2.01ms  40.12ms   91.20%
    Req/Sec     7.31k   612.33     8.02k    80.00%
  Latency Distribution
     50%  812.00us
     75%    7.01ms
     90%    8.50ms
     99%    1.02s
  36402 requests in 5.00s, 9.12MB read
  Socket errors: connect 0, read 12, write 1, timeout 3
Requests/sec:   7279.55
Transfer/sec:      1.82MB
`;

describe('parseWrkOutput', () => {
  it('reads rate, totals, percentiles and non-2xx responses', () => {
    expect(parseWrkOutput(NOT_FOUND_RUN)).toEqual({
      requests: 3421,
      durationS: 1.1,
      requestsPerS: 3110.26,
      p50Ms: 1.29,
      p75Ms: 1.67,
      p90Ms: 2.81,
      p99Ms: 11.31,
      non2xx: 3421,
      socketErrors: 0,
    });
  });

  it('converts µs and s latencies to ms and adds up socket errors', () => {
    const result = parseWrkOutput(SCRIPTED_RUN);
    expect(result.p50Ms).toBeCloseTo(0.812, 6);
    expect(result.p99Ms).toBe(1020);
    expect(result.non2xx).toBe(0);
    expect(result.socketErrors).toBe(16);
    expect(result.requestsPerS).toBe(7279.55);
  });

  it('throws with the output when wrk printed no figures', () => {
    expect(() => parseWrkOutput('unable to connect to 127.0.0.1:1 Connection refused\n')).toThrow(
      /Connection refused/,
    );
  });
});

describe('parseWrkDurationMs', () => {
  it.each([
    ['500.00us', 0.5],
    ['1.29ms', 1.29],
    ['2.00s', 2000],
    ['1.50m', 90_000],
  ])('%s is %d ms', (text, ms) => {
    expect(parseWrkDurationMs(text)).toBeCloseTo(ms, 9);
  });

  it('refuses what is not a wrk duration', () => {
    expect(parseWrkDurationMs('fast')).toBeNull();
    expect(parseWrkDurationMs('12')).toBeNull();
  });
});
