/**
 * The CommonJS build must not `require()` a dependency that is published as ES modules only:
 * Node.js 20.12–20.18, which engines.node allows, throws ERR_REQUIRE_ESM (require(esm) is on by
 * default from 20.19). packages/sesame/tsup.config.ts bundles such dependencies into the CommonJS
 * build; `npm run check:packages` fails if a built .cjs file still requires one.
 *
 * @module
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Dependencies published as ES modules only. Node.js 20.12–20.18 (engines.node allows them) cannot
 * `require()` an ES module, so no CommonJS file may: packages/sesame/tsup.config.ts bundles them
 * into the CommonJS build instead.
 */
export const ESM_ONLY = ['jose'];

/** Every `require("<ESM-only dependency>")` in a built .cjs file of `dir`, as `file: specifier`. */
export function requiresOfEsmOnly(dir: string): string[] {
  const pattern = new RegExp(`\\brequire\\(\\s*["'](${ESM_ONLY.join('|')})(/[^"']*)?["']\\s*\\)`, 'g');
  const found: string[] = [];
  for (const entry of readdirSync(join(dir, 'dist'), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.cjs')) continue;
    const file = join(entry.parentPath, entry.name);
    for (const match of readFileSync(file, 'utf8').matchAll(pattern)) found.push(`${file}: ${match[0]}`);
  }
  return found;
}
