/**
 * What a release needs that can be checked without publishing: the packages move in lockstep
 * (one version, one tag `v<version>`), each CHANGELOG.md opens with an Unreleased section and
 * dates its releases, each package ships the repo's LICENSE, and the metadata npm shows agrees
 * between packages. Procedure: docs/releasing.md.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A package that is published, relative to the repo root. */
export const PUBLISHED = ['packages/sesame', 'packages/audit'] as const;

interface Manifest {
  name: string;
  version: string;
  license?: string;
  engines?: { node?: string };
  files?: string[];
  exports?: unknown;
  repository?: { url?: string; directory?: string };
  homepage?: string;
  bugs?: { url?: string };
  keywords?: string[];
}

const RELEASED = /^## \[(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)\] - (\d{4}-\d{2}-\d{2})$/;

export function readManifest(root: string, dir: string): Manifest {
  return JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as Manifest;
}

/** Every problem found, as sentences; empty when the repo is ready to release. */
export function releaseProblems(root: string, tag: string | undefined): string[] {
  const problems: string[] = [];
  const license = readFileSync(join(root, 'LICENSE'), 'utf8');
  const manifests = PUBLISHED.map((dir) => ({ dir, manifest: readManifest(root, dir) }));
  const versions = new Set(manifests.map(({ manifest }) => manifest.version));
  if (versions.size !== 1)
    problems.push(`the packages must share one version; found ${[...versions].join(', ')}`);
  const engines = new Set(manifests.map(({ manifest }) => manifest.engines?.node));
  if (engines.size !== 1) problems.push(`engines.node differs between packages: ${[...engines].join(', ')}`);
  for (const { dir, manifest } of manifests) {
    const where = `${dir}/package.json`;
    if (manifest.license !== 'MIT') problems.push(`${where}: license must be MIT`);
    if (readFileSync(join(root, dir, 'LICENSE'), 'utf8') !== license)
      problems.push(`${dir}/LICENSE differs from LICENSE`);
    if (manifest.repository?.url !== 'git+https://github.com/sesame-session/sesame.git') {
      problems.push(`${where}: repository.url must be git+https://github.com/sesame-session/sesame.git`);
    }
    if (manifest.repository?.directory !== dir)
      problems.push(`${where}: repository.directory must be ${dir}`);
    if (!manifest.homepage || !manifest.bugs?.url || !manifest.keywords?.length) {
      problems.push(`${where}: homepage, bugs and keywords must be set`);
    }
    if (!manifest.files?.includes('CHANGELOG.md')) problems.push(`${where}: files must include CHANGELOG.md`);
    if (JSON.stringify(manifest.exports ?? {}).includes('"source"')) {
      problems.push(`${where}: exports must not publish a "source" condition`);
    }
    problems.push(...changelogProblems(root, dir, manifest.version, tag));
  }
  return problems;
}

function changelogProblems(root: string, dir: string, version: string, tag: string | undefined): string[] {
  const where = `${dir}/CHANGELOG.md`;
  const headings = readFileSync(join(root, where), 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('## '));
  const problems: string[] = [];
  if (headings[0] !== '## [Unreleased]')
    problems.push(`${where}: the first section must be "## [Unreleased]"`);
  const released: string[] = [];
  for (const heading of headings.slice(1)) {
    const match = RELEASED.exec(heading);
    if (match === null) problems.push(`${where}: "${heading}" is not "## [x.y.z] - YYYY-MM-DD"`);
    else released.push(match[1] as string);
  }
  const newest = released[0];
  if (newest !== undefined && compareVersions(version, newest) < 0) {
    problems.push(`${where}: package.json version ${version} is older than the newest release ${newest}`);
  }
  if (tag !== undefined) {
    if (tag !== `v${version}`)
      problems.push(`tag ${tag} does not match ${dir} version ${version} (expected v${version})`);
    if (newest !== version)
      problems.push(`${where}: a release tagged ${tag} needs a "## [${version}] - date" section on top`);
  }
  return problems;
}

/** Compare x.y.z versions (pre-release suffixes sort before their release). */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string): number[] => v.split('-')[0]!.split('.').map(Number);
  const [pa, pb] = [parse(a), parse(b)];
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return (a.includes('-') ? 0 : 1) - (b.includes('-') ? 0 : 1);
}
