/**
 * The package's README is its page on the registry: every entry point the package exports must
 * be in its table, so nobody has to read package.json to find the Fastify plugin or the
 * express-session layer.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
  name: string;
  exports: Record<string, unknown>;
};
const readme = readFileSync(new URL('README.md', root), 'utf8');

describe("the package README's entry points", () => {
  const entries = Object.keys(manifest.exports)
    .filter((path) => path !== './package.json')
    .map((path) => `${manifest.name}${path.slice(1)}`);

  it.each(entries)('names %s', (entry) => {
    expect(readme).toContain(`| \`${entry}\``);
  });
});
