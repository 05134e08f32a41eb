import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

export default ts.config(
  { ignores: ['dist/', 'dist-hosted/', 'node_modules/', 'test-results/', 'playwright-report/', 'bench/results*', 'bench/dist/'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-globals': ['error', { name: 'fetch', message: 'The page never reaches the network.' }],
      'no-restricted-syntax': ['error',
        { selector: "NewExpression[callee.name='XMLHttpRequest']", message: 'No network.' },
        { selector: "NewExpression[callee.name='WebSocket']", message: 'No network.' },
        { selector: "NewExpression[callee.name='EventSource']", message: 'No network.' }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser } },
  },
  {
    files: ['src/ui/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['pkijs', 'asn1js', 'idb', 'jszip', 'des.js', '@noble/*'], message: 'UI imports the core through src/lib/*/index.ts only.' },
        { group: ['**/lib/*/*', '!**/lib/*/index', '!**/lib/*/index.ts'], message: 'Import a lib module through its index.ts.' },
      ] }],
    },
  },
);
