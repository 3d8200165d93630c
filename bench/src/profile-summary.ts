/**
 * Where a server's CPU time goes, from a V8 `.cpuprofile` (`node --cpu-prof`): self time by
 * function and by package, and time by owner: each sample goes to the library frame nearest the
 * leaf (so `createHash` called by Sesame counts for Sesame, `writeHead` called by `res.json` for
 * Express). Middleware calls `next()` from its own frame, so "anywhere on the stack" would charge
 * it for every route after it; the nearest frame does not. Pure, tested in profile-summary.test.ts.
 *
 * @module
 */

export interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

export interface CpuProfile {
  nodes: CpuProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  /** Sampled time that was not idle, ms. */
  busyMs: number;
  /** Self time by package or area, share of busy time, largest first. */
  byArea: { area: string; share: number }[];
  /** Top functions by self time, share of busy time. */
  topFunctions: { name: string; area: string; share: number }[];
  /** Share of busy time by owner: the nearest frame of an owner library, else the leaf's area. */
  byOwner: { owner: string; share: number }[];
}

/** The area a frame belongs to: `sesame:<file>`, an npm package, `node:<module>`, or a V8 pseudo-frame. */
export function areaOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  const sesame = /\/packages\/sesame\/(?:src|dist)\/(.+?)(?:\?.*)?$/.exec(url);
  if (sesame !== null) return `sesame:${sesame[1]}`;
  const bench = /\/bench\/src\/(.+)$/.exec(url);
  if (bench !== null) return `bench:${bench[1]}`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (pkg !== null) return pkg[1] as string;
  const builtin = /^node:(?:internal\/)?([^/]+)/.exec(url);
  if (builtin !== null) return `node:${builtin[1]}`;
  return 'other';
}

/** `sesame:session/engine.ts` → `sesame`; packages and node modules map to themselves. */
export function groupOf(area: string): string {
  const colon = area.indexOf(':');
  if (area.startsWith('sesame:')) return 'sesame';
  if (area.startsWith('bench:')) return 'bench app';
  if (colon > 0 && area.startsWith('node:')) return 'node core';
  return area;
}

function sortedShares(map: Map<string, number>, busyMs: number): { key: string; share: number }[] {
  return [...map.entries()]
    .map(([key, ms]) => ({ key, share: busyMs > 0 ? ms / busyMs : 0 }))
    .sort((a, b) => b.share - a.share);
}

export function summarizeProfile(profile: CpuProfile, owners: readonly string[], top = 15): ProfileSummary {
  const byId = new Map<number, CpuProfileNode>();
  const parent = new Map<number, number>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const selfMs = new Map<number, number>();
  profile.samples.forEach((id, index) => {
    selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000);
  });
  let busyMs = 0;
  const areaMs = new Map<string, number>();
  const functionMs = new Map<string, number>();
  const functionArea = new Map<string, string>();
  const ownerMs = new Map<string, number>();
  for (const [id, ms] of selfMs) {
    const node = byId.get(id);
    if (node === undefined || node.callFrame.functionName === '(idle)') continue;
    busyMs += ms;
    const { functionName, url, lineNumber } = node.callFrame;
    const area = areaOf(url, functionName);
    const group = groupOf(area);
    areaMs.set(group, (areaMs.get(group) ?? 0) + ms);
    const name =
      `${functionName || '(anonymous)'} ${url === '' ? '' : `${url.split('/').slice(-2).join('/')}:${lineNumber + 1}`}`.trim();
    functionMs.set(name, (functionMs.get(name) ?? 0) + ms);
    functionArea.set(name, area);
    let owner = group;
    // Bounded: a stack is at most as deep as the tree has nodes.
    for (
      let at: number | undefined = id, steps = 0;
      at !== undefined && steps < profile.nodes.length;
      at = parent.get(at), steps += 1
    ) {
      const frame = byId.get(at);
      if (frame === undefined) break;
      const frameGroup = groupOf(areaOf(frame.callFrame.url, frame.callFrame.functionName));
      if (owners.includes(frameGroup)) {
        owner = frameGroup;
        break;
      }
    }
    ownerMs.set(owner, (ownerMs.get(owner) ?? 0) + ms);
  }
  return {
    busyMs,
    byArea: sortedShares(areaMs, busyMs).map(({ key, share }) => ({ area: key, share })),
    topFunctions: sortedShares(functionMs, busyMs)
      .slice(0, top)
      .map(({ key, share }) => ({ name: key, area: functionArea.get(key) ?? 'other', share })),
    byOwner: sortedShares(ownerMs, busyMs).map(({ key, share }) => ({ owner: key, share })),
  };
}
