import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';

// The house's habits, held by the linter (npm test runs it) so that nobody has to remember them:
// no import cycles, etcd3 only behind lib/etcd/, no `any`, every imported package declared, and the
// client-safe part (lib/shared/) importing nothing from the server. A file past 400 lines is a
// warning sign, not a target: look again, and split it by concept or keep it whole (one concept)
// with an eslint-disable comment that says why. Lint runs with --max-warnings 0, so it is seen.

const ETCD3_MESSAGE =
  'Only lib/etcd/ talks to etcd3: call lib/etcd/ (or lib/mutations/ for changes) instead.';
const ETCD3_ONLY_IN_LIB_ETCD = { name: 'etcd3', message: ETCD3_MESSAGE };
const ETCD3_DEEP = { group: ['etcd3/*'], message: ETCD3_MESSAGE };

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    plugins: { 'import-x': importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver': undefined,
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      // A package found only because another one brought it along can vanish with that one's next
      // release: whatever is imported is declared. Tests, scripts and config may use devDependencies.
      'import-x/no-extraneous-dependencies': [
        'error',
        {
          devDependencies: ['test/**', 'e2e/**', 'scripts/**', '*.config.{js,mjs,cjs,ts,mts}'],
          optionalDependencies: false,
          peerDependencies: false,
          // A type-only import breaks the type check just as surely when its package goes away.
          includeTypes: true,
        },
      ],
      'max-lines': ['warn', { max: 400 }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // The product's code. Tests and scripts may use etcd3 directly: there it is "another client".
    files: ['app/**', 'components/**', 'lib/**', '*.ts'],
    ignores: ['lib/etcd/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [ETCD3_ONLY_IN_LIB_ETCD], patterns: [ETCD3_DEEP] },
      ],
    },
  },
  {
    // The browser's part: the JSON contract, IDs, formatting, queries and schemas. It may not reach
    // into the server, so a client component can import any of it.
    files: ['lib/shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ETCD3_ONLY_IN_LIB_ETCD,
            { name: 'server-only', message: 'lib/shared/ is client-safe.' },
          ],
          patterns: [
            ETCD3_DEEP,
            {
              regex: '^(@/lib/(?!shared/)|\\.\\./)',
              message: 'lib/shared/ is client-safe: it imports only from lib/shared/ and packages.',
            },
          ],
        },
      ],
    },
  },
  {
    // The contract is what everything else depends on, so it depends on nothing but zod (its schemas
    // are the contract, and its types are inferred from them) and its own parts.
    files: ['lib/shared/contract.ts', 'lib/shared/contract-*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!zod$|@/lib/shared/contract(-[a-z]+)?$)',
              message: 'The JSON contract imports nothing but zod and its own parts.',
            },
          ],
        },
      ],
    },
  },
  {
    // The findings judge what the other parts already know: with no way to reach etcd, they cannot
    // cost it a request.
    files: ['lib/findings/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [ETCD3_ONLY_IN_LIB_ETCD],
          patterns: [
            ETCD3_DEEP,
            {
              regex: '^@/lib/(etcd|mutations|server|dashboard|sampler/(?!lease-model$))',
              message: 'lib/findings/ sends etcd nothing: it reads only what it is handed.',
            },
          ],
        },
      ],
    },
  },
  {
    // State belongs to a dashboard's value (lib/dashboard/): the store of those values is the
    // process's one global, so hot reload keeps them and nothing else hides state in the process.
    files: ['app/**', 'components/**', 'lib/**', '*.ts'],
    ignores: ['lib/dashboard/dashboard.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        {
          name: 'globalThis',
          message: 'Keep state in a slot of the dashboard (lib/dashboard/), not on globalThis.',
        },
      ],
    },
  },
  globalIgnores([
    '.next/**',
    '.data/**',
    'node_modules/**',
    'test-results/**',
    'playwright-report/**',
    'bench/results/**',
    'next-env.d.ts',
  ]),
]);
