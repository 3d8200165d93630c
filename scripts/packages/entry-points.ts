/**
 * An entry point of sesame-session is declared in four places: package.json "exports" (and
 * "typesVersions" for node10 resolution), the tsup entries that build it, and the tsconfig paths
 * that resolve it to its source in the repo. A new adapter or store added to only some of them
 * builds, or resolves, in one place and not another; this says where.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { entries } from '../../packages/sesame/tsup.config.js';

interface Conditions {
  import?: { types?: string; default?: string };
  require?: { types?: string; default?: string };
}

export function entryPointProblems(root: string): string[] {
  const manifest = JSON.parse(readFileSync(join(root, 'packages/sesame/package.json'), 'utf8')) as {
    name: string;
    exports: Record<string, string | Conditions>;
    typesVersions: { '*': Record<string, string[]> };
  };
  const base = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8')) as {
    compilerOptions: { paths: Record<string, string[]> };
  };
  const problems: string[] = [];
  const built = new Map(Object.entries(entries).map(([out, source]) => [out, source]));
  for (const [key, target] of Object.entries(manifest.exports)) {
    if (typeof target === 'string') continue; // package.json, schema.sql: files, not modules
    const out = target.import?.default?.replace(/^\.\/dist\//, '').replace(/\.js$/, '') ?? '';
    const expected: Conditions = {
      import: { types: `./dist/${out}.d.ts`, default: `./dist/${out}.js` },
      require: { types: `./dist/${out}.d.cts`, default: `./dist/${out}.cjs` },
    };
    if (JSON.stringify(target) !== JSON.stringify(expected)) {
      problems.push(`exports["${key}"] must be ${JSON.stringify(expected)}`);
    }
    const source = built.get(out);
    if (source === undefined)
      problems.push(`exports["${key}"]: packages/sesame/tsup.config.ts builds no "${out}"`);
    built.delete(out);
    const specifier = key === '.' ? manifest.name : `${manifest.name}/${key.slice(2)}`;
    const path = base.compilerOptions.paths[specifier]?.[0];
    if (source !== undefined && path !== `./packages/sesame/${source}`) {
      problems.push(`tsconfig.base.json paths["${specifier}"] must be ["./packages/sesame/${source}"]`);
    }
    if (key !== '.' && manifest.typesVersions['*'][key.slice(2)]?.[0] !== `./dist/${out}.d.cts`) {
      problems.push(
        `typesVersions["*"]["${key.slice(2)}"] must be ["./dist/${out}.d.cts"] (node10 resolution)`,
      );
    }
  }
  for (const out of built.keys()) problems.push(`tsup builds "${out}", which package.json does not export`);
  return problems;
}
