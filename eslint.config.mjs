import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';
import { typescriptErrors } from './scripts/eslint/typescript-errors.mjs';

/** Folders of src/ that serve every capability; every other folder of src/ is a capability. */
const infrastructure = new Set(['http', 'jobs', 'notifications', 'shared', 'store']);
const capabilities = readdirSync(new URL('./src', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && !infrastructure.has(entry.name))
  .map((entry) => entry.name);

const onlyBot = {
  group: ['botbuilder', 'botbuilder-*', 'botframework-*'],
  message: 'Only bot/ talks to the Bot Framework; give the capability a port (an interface) instead.',
};
const onlyHttp = {
  group: ['restify', 'restify-*'],
  message: 'Only src/http knows restify; a handler takes { params, query, body, actor } and returns a reply.',
};

/**
 * Each capability's store.ts (and src/store) alone queries its collections (issue 13, item 1): a
 * call such as `models.Person.find(…)` or `deps.models.Incident.updateOne(…)` anywhere else fails.
 * Passing a model on (to a helper of src/store) is allowed; calling it is not.
 */
const modelCall = (owner) => ({
  selector: `CallExpression > MemberExpression.callee > MemberExpression.object${owner}[property.name=/^[A-Z]/]`,
  message:
    'Only a store.ts (or src/store) queries the collections: call a function of the capability’s store.',
});
/**
 * Picking a model by name (`models[name]`) or walking them all (`Object.values(models)`) would get
 * round the rule above: a loop over collections (the subject-access export's) lives in a store too.
 */
const modelsByName = (models) => ({
  selector: `:matches(MemberExpression[computed=true] > ${models}.object, CallExpression[callee.object.name='Object'] > ${models}.arguments)`,
  message:
    'Only a store.ts (or src/store) picks a model by name or walks every model: give the loop a function of a store.',
});
const onlyStoresQuery = [
  'error',
  modelCall("[object.name='models']"),
  modelCall("[object.type='MemberExpression'][object.property.name='models']"),
  modelsByName("Identifier[name='models']"),
  modelsByName("MemberExpression[property.name='models']"),
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'tab/dist/**',
      'infra/devdb/bin/**',
      '.data/**',
      'coverage/**',
      'test-output/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      // The two tsconfig programs, built once each (the project service cost about 20 s more CPU here).
      parserOptions: {
        project: ['./tsconfig.json', './tab/tsconfig.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { conduct: { rules: { 'typescript-errors': typescriptErrors } } },
    rules: {
      // tsc's errors for every linted TypeScript file (so the test command type-checks once).
      'conduct/typescript-errors': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      parserOptions: { project: false, projectService: false },
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        require: 'readonly',
        module: 'writable',
      },
    },
    rules: {
      ...tseslint.configs.disableTypeChecked.rules,
      'no-console': 'off',
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    files: ['test/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      'no-console': 'off',
    },
  },
  // Boundaries (issue 13): no import cycles; capabilities reach each other only through their
  // index.ts; scripts/ and bench/ do not import test/ (shared stand-ins live in scripts/standins/).
  // src/app.ts composes the capabilities and src/store holds their schemas, so both may reach in.
  {
    files: ['src/**/*.ts', 'bot/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts', 'test/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs', '.cjs'],
      'import-x/resolver-next': [
        createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'] }),
      ],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            ...capabilities.map((capability) => ({
              target: [...capabilities.filter((other) => other !== capability), 'http'].map(
                (other) => `./src/${other}/**`,
              ),
              from: `./src/${capability}`,
              // A contract.ts (the API's shapes, which the tab imports too) is public as well, and narrow.
              except: ['./index.ts', './contract.ts'],
              message: `Import what you need from '../${capability}' (its index.ts), not from a file inside it.`,
            })),
            {
              target: ['./scripts/**', './bench/**'],
              from: './test',
              message: 'scripts/ and bench/ do not import test/; put what both need in scripts/standins/.',
            },
          ],
        },
      ],
      'no-restricted-imports': ['error', { patterns: [onlyBot, onlyHttp] }],
    },
  },
  {
    files: ['bot/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [onlyHttp] }] },
  },
  {
    files: ['src/**/*.ts', 'bot/**/*.ts'],
    // A part of a capability with collections of its own (src/policies/review) has its own store.ts.
    ignores: ['src/*/store.ts', 'src/*/*/store.ts', 'src/store/**'],
    rules: { 'no-restricted-syntax': onlyStoresQuery },
  },
  {
    files: ['src/http/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [onlyBot] }] },
  },
  // The tab: React's rules of hooks and the React Compiler's checks (effects, purity, refs), warnings included.
  {
    files: ['tab/src/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat['recommended-latest'],
  },
);
