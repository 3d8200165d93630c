import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/data/**',
      'bench/results/**',
      '.stryker-tmp/**',
      // Not a workspace: its own install, type-checked by `next build` (examples/README.md).
      'examples/nextjs/**',
      // Compiled by scripts/check-packages.ts inside throwaway projects, under their own tsconfigs.
      'scripts/package-consumers/**',
      '**/*.js',
      '!eslint.config.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // A forgotten await on a session write is a security bug (CONTRIBUTING.md, Tooling).
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // Optional peers are types only in the library; at run time they load through src/peer.ts,
    // which names the package to install when one is missing (issue 11).
    files: ['packages/sesame/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: ['better-sqlite3', 'pg', 'redis', 'express', 'vitest'].map((name) => ({
            name,
            allowTypeImports: true,
            message: `${name} is an optional peer: import its types only; load it with src/peer.ts (testing: import from ./vitest.js).`,
          })),
        },
      ],
    },
  },
  { files: ['eslint.config.js'], ...tseslint.configs.disableTypeChecked },
);
