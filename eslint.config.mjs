// Lint rules every package shares: no deep imports across packages (STYLE.md T1), no floating promises,
// no console in library code, and workflow code kept away from Node, the engine and the client.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'infra/.cache/**', 'infra/.run/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-imports': ['error', { patterns: ['@cadenza/*/src/*', '@cadenza/*/dist/*'] }],
    },
  },
  {
    files: ['packages/*/src/**/*.ts', 'adapters/*/src/**/*.ts'],
    rules: { 'no-console': 'error' },
  },
  {
    files: ['packages/core/src/workflow/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['@cadenza/*/src/*', 'node:*', '**/engine/**', '**/client/**'] }] },
  },
  {
    files: ['**/test/**/*.ts', 'conformance-tests/**/*.ts'],
    rules: { '@typescript-eslint/no-unused-expressions': 'off' },
  },
);
