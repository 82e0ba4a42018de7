import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';

// The house's habits, held by the linter (npm test runs it) so that nobody has to remember them:
// no import cycles, files under 300 lines, etcd3 only behind lib/etcd/, no `any`, every imported
// package declared, and the client-safe part (lib/shared/) importing nothing from the server.

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
      'max-lines': ['error', { max: 300 }],
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
