/**
 * The shape CONTRIBUTING.md §4 asks of `packages/sesame/src`, kept by a test (issue 13): no import
 * cycle, type-only imports and re-exports included, and no source file over 300 lines. Imports
 * are read with TypeScript's own pre-processor, which lists `import type` and `export … from` as
 * well as value imports, so a cycle that only types close still fails here.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../src', import.meta.url));
const MAX_LINES = 300;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** The files under `src` that `file` imports, by relative specifier (`./x.js` is `./x.ts`). */
function importsOf(file: string, known: ReadonlySet<string>): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return importedFiles
    .map((ref) => ref.fileName)
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => resolve(dirname(file), specifier.replace(/\.js$/, '.ts')))
    .filter((path) => known.has(path));
}

/** Every cycle's path once, found by a depth-first search over the import graph. */
function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const cycles: string[][] = [];
  const done = new Set<string>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const visit = (node: string): void => {
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (onStack.has(next)) cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!done.has(next)) visit(next);
    }
    stack.pop();
    onStack.delete(node);
    done.add(node);
  };
  for (const node of graph.keys()) if (!done.has(node)) visit(node);
  return cycles;
}

describe('packages/sesame/src module shape (CONTRIBUTING.md §4)', () => {
  const files = sourceFiles(SRC);
  const known = new Set(files);
  const name = (path: string): string => relative(SRC, path);

  it('finds a cycle, type-only included, when there is one', () => {
    // The engine ↔ session cycle issue 13 removed: session.ts imported engine.ts for a type only.
    const graph = new Map([
      ['session/engine.ts', ['session/session.ts', 'store.ts']],
      ['session/session.ts', ['session/engine.ts']],
      ['store.ts', []],
    ]);
    expect(findCycles(graph)).toEqual([['session/engine.ts', 'session/session.ts', 'session/engine.ts']]);
    const typeOnly = ts.preProcessFile("import type { Engine } from './engine.js';\n", true, true);
    expect(typeOnly.importedFiles.map((ref) => ref.fileName)).toEqual(['./engine.js']);
  });

  it('has no import cycle', () => {
    expect(files.length).toBeGreaterThan(100);
    const graph = new Map(files.map((file) => [file, importsOf(file, known)]));
    expect(findCycles(graph).map((cycle) => cycle.map(name).join(' > '))).toEqual([]);
  });

  it(`has no source file over ${MAX_LINES} lines`, () => {
    const long = files
      .map((file) => ({ file: name(file), lines: readFileSync(file, 'utf8').split('\n').length - 1 }))
      .filter(({ lines }) => lines > MAX_LINES);
    expect(long).toEqual([]);
  });
});
