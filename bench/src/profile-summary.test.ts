import { describe, expect, it } from 'vitest';
import { areaOf, summarizeProfile, type CpuProfile } from './profile-summary.js';

const SESAME = 'file:///work/main/packages/sesame/src/token/verify.ts';
const EXPRESS = 'file:///work/main/node_modules/express/lib/response.js';

// root → router next → sesame middleware → verifySecret → createHash (node core)
//                                        → express res.json → writeHead (node core)
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1 }, children: [2, 7, 8] },
    {
      id: 2,
      callFrame: { functionName: 'next', url: 'file:///x/node_modules/router/index.js', lineNumber: 188 },
      children: [3],
    },
    {
      id: 3,
      callFrame: {
        functionName: 'middleware',
        url: 'file:///work/main/packages/sesame/src/adapters/express/index.ts',
        lineNumber: 80,
      },
      children: [4, 5],
    },
    { id: 4, callFrame: { functionName: 'verifySecret', url: SESAME, lineNumber: 10 }, children: [6] },
    { id: 5, callFrame: { functionName: 'json', url: EXPRESS, lineNumber: 250 }, children: [9] },
    { id: 6, callFrame: { functionName: 'createHash', url: 'node:crypto', lineNumber: 130 } },
    { id: 7, callFrame: { functionName: '(idle)', url: '', lineNumber: -1 } },
    { id: 8, callFrame: { functionName: '(garbage collector)', url: '', lineNumber: -1 } },
    { id: 9, callFrame: { functionName: 'writeHead', url: 'node:_http_server', lineNumber: 340 } },
  ],
  // Sample i is charged timeDeltas[i] µs.
  samples: [6, 6, 9, 9, 9, 9, 8, 8, 7, 7],
  timeDeltas: [1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 5000, 5000],
};

describe('areaOf', () => {
  it('names Sesame files, packages, node modules and V8 pseudo-frames', () => {
    expect(areaOf(SESAME, 'verifySecret')).toBe('sesame:token/verify.ts');
    expect(areaOf('file:///a/node_modules/@redis/client/dist/x.js', 'f')).toBe('@redis/client');
    expect(areaOf('node:internal/http', 'f')).toBe('node:http');
    expect(areaOf('', '(garbage collector)')).toBe('(garbage collector)');
  });
});

describe('summarizeProfile', () => {
  const summary = summarizeProfile(profile, ['sesame', 'express', 'router']);

  it('leaves idle time out of busy time', () => {
    expect(summary.busyMs).toBe(8);
  });

  it('charges node core work to the nearest library frame, not to the middleware below it', () => {
    const share = Object.fromEntries(summary.byOwner.map((o) => [o.owner, o.share]));
    expect(share).toEqual({ express: 0.5, sesame: 0.25, '(garbage collector)': 0.25 });
  });

  it('reports self time by area', () => {
    const share = Object.fromEntries(summary.byArea.map((a) => [a.area, a.share]));
    expect(share['node core']).toBe(0.75);
  });
});
