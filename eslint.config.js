import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

const NO_NETWORK = [
  { selector: "NewExpression[callee.name='XMLHttpRequest']", message: 'No network.' },
  { selector: "NewExpression[callee.name='WebSocket']", message: 'No network.' },
  { selector: "NewExpression[callee.name='EventSource']", message: 'No network.' },
];

// No navigation away from the page (issue 12 item 10): a CSP refuses requests, but not a
// navigation, and a URL can carry data out (`location.href = 'http://host/?' + key`). Setting
// location.hash stays allowed (same document). tests/lint/navigation-rule.test.ts proves these fire.
const NAVIGATION = 'No navigation: a CSP cannot stop a navigation, and its URL could carry data out of the page.';
const NAV_GLOBALS = '/^(window|self|globalThis|document|top|parent|frames|opener)$/';
const NO_NAVIGATION = [
  { selector: "AssignmentExpression > Identifier.left[name='location']", message: NAVIGATION },
  { selector: "AssignmentExpression > MemberExpression.left[property.name='location']", message: NAVIGATION },
  { selector: "AssignmentExpression > MemberExpression.left[property.value='location']", message: NAVIGATION },
  { selector: "AssignmentExpression > MemberExpression.left[object.name='location'][property.name!='hash']", message: NAVIGATION },
  { selector: "AssignmentExpression > MemberExpression.left[object.property.name='location'][property.name!='hash']", message: NAVIGATION },
  { selector: "AssignmentExpression > MemberExpression.left[object.property.value='location'][property.name!='hash']", message: NAVIGATION },
  { selector: "AssignmentExpression > MemberExpression.left[object.expression.property.name='location'][property.name!='hash']", message: NAVIGATION },
  { selector: "CallExpression > MemberExpression.callee[object.name='location'][property.name=/^(assign|replace)$/]", message: NAVIGATION },
  { selector: "CallExpression > MemberExpression.callee[object.property.name='location'][property.name=/^(assign|replace)$/]", message: NAVIGATION },
  { selector: `CallExpression > MemberExpression.callee[object.name=${NAV_GLOBALS}][property.name='open']`, message: NAVIGATION },
];
const NO_NETWORK_GLOBALS = [{ name: 'fetch', message: 'The page never reaches the network.' }];
// The global open() (window.open): a rule on globals, so a local function named open is not caught.
const NO_NAVIGATION_GLOBALS = [{ name: 'open', message: NAVIGATION }];

// No module-level instances in the UI (issue 13 item 5): app, vault, settings and environment
// states are created by App.svelte and shared through Svelte context (src/ui/state/context.ts), so
// tests pass their own. An exported instance (`export const app = new AppState()`), exported rune
// state or an exported `let` would be a singleton again. tests/lint/no-singletons.test.ts.
const SINGLETON = 'No module-level instance in src/ui: create it in App.svelte and share it through src/ui/state/context.ts (tests pass their own).';
const NO_SINGLETONS = [
  { selector: 'ExportNamedDeclaration > VariableDeclaration > VariableDeclarator[init.type="NewExpression"]', message: SINGLETON },
  { selector: 'ExportNamedDeclaration > VariableDeclaration > VariableDeclarator[init.callee.name=/^\\$state$|^\\$derived$/]', message: SINGLETON },
  { selector: 'ExportNamedDeclaration > VariableDeclaration > VariableDeclarator[init.callee.object.name=/^\\$state$|^\\$derived$/]', message: SINGLETON },
  { selector: 'ExportNamedDeclaration > VariableDeclaration[kind="let"]', message: SINGLETON },
  { selector: 'ExportNamedDeclaration > VariableDeclaration[kind="var"]', message: SINGLETON },
  { selector: 'ExportDefaultDeclaration > NewExpression.declaration', message: SINGLETON },
];
// The templates' translator `t` reads the page's language (bound by App.svelte); state classes and
// helpers (*.ts) take the language from the AppState or a `lang` they are given instead.
const UI_IMPORTS = [
  { group: ['pkijs', 'asn1js', 'idb', 'jszip', 'des.js', '@noble/*'], message: 'UI imports the core through src/lib/*/index.ts only.' },
  { group: ['**/lib/*/*', '!**/lib/*/index', '!**/lib/*/index.ts'], message: 'Import a lib module through its index.ts.' },
];
const NO_PAGE_TRANSLATOR = {
  group: ['**/state/app.svelte.ts', '**/ui/i18n/index.ts', '../i18n/index.ts', '../../i18n/index.ts'],
  importNames: ['t'],
  message: "`t` is for components: a state class or helper takes the language from the AppState it is given (translate(app.lang, ...)).",
};

const I18N_WRITERS = [
  'src/lib/bundle/**',
  'src/lib/recipes/client-certs.ts',
  'src/lib/store/operations/compromise.ts',
  'src/lib/store/operations/expiry-calendar.ts',
];
const I18N_IMPORT = ['**/i18n/*', '**/i18n/**'];
const I18N_MESSAGE = 'lib returns data and codes; only the download writers (lib/bundle, see I18N_WRITERS) read the catalogs.';

export default ts.config(
  { ignores: ['dist/', 'dist-hosted/', 'node_modules/', 'test-results/', 'playwright-report/', 'bench/results*', 'bench/dist/'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-globals': ['error', ...NO_NETWORK_GLOBALS],
      'no-restricted-syntax': ['error', ...NO_NETWORK],
    },
  },
  {
    // Repeats NO_NETWORK(_GLOBALS): a later block's options replace an earlier block's for the same rule.
    files: ['src/**'],
    rules: {
      'no-restricted-syntax': ['error', ...NO_NETWORK, ...NO_NAVIGATION],
      'no-restricted-globals': ['error', ...NO_NETWORK_GLOBALS, ...NO_NAVIGATION_GLOBALS],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser } },
  },
  {
    // Only the PKI core speaks ASN.1 and raw crypto (issue 13 item 4); the rest of lib uses pki/index.ts.
    files: ['src/lib/**'],
    ignores: ['src/lib/pki/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['pkijs', 'asn1js', 'des.js', '@noble/*'], message: 'Only src/lib/pki imports pkijs, asn1js, des.js and @noble; use src/lib/pki/index.ts.' },
      ] }],
    },
  },
  // Text layering (issue 13 item 1): lib returns data and codes; only the code that writes a
  // download's text reads the catalogs (src/i18n). lib/bundle writes INSTALL and the bundle's
  // files; the three others write a file of their own: the hand-over sheet (clients/passwords.txt),
  // the letter to an outside CA after a key leak, the expiry .ics. Elsewhere in lib a type (Lang)
  // may be named; lib/xmail and lib/pki never touch the catalogs. tests/lint/i18n-layering.test.ts.
  {
    files: ['src/lib/**/*.ts'],
    ignores: [...I18N_WRITERS, '**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [
        { group: I18N_IMPORT, allowTypeImports: true, message: I18N_MESSAGE },
      ] }],
    },
  },
  {
    files: ['src/lib/xmail/**/*.ts', 'src/lib/pki/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [
        { group: I18N_IMPORT, message: 'lib/xmail and lib/pki return codes and data; words come from src/i18n in the layers above.' },
      ] }],
    },
  },
  {
    files: ['src/ui/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: UI_IMPORTS }],
    },
  },
  {
    files: ['src/ui/**/*.ts'],
    ignores: ['**/*.test.ts', 'src/ui/i18n/index.ts'],
    rules: {
      'no-restricted-syntax': ['error', ...NO_NETWORK, ...NO_NAVIGATION, ...NO_SINGLETONS],
      'no-restricted-imports': ['error', { patterns: [...UI_IMPORTS, NO_PAGE_TRANSLATOR] }],
    },
  },
);
