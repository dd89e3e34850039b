// @ts-check
// Lint for every workspace package: typescript-eslint's strict type-checked rules, the
// package dependency table (ARCHITECTURE.md, "Packages and their dependencies") enforced
// through nx module-boundary tags, and Prettier owning formatting.
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

/** Every library type: what the harness, examples and tools may build on (never `type:testing`). */
const LIBRARY_TAGS = ['type:core', 'type:backbone', 'type:shared-method', 'type:tasks', 'type:method'];

/** Which package types may import which (ARCHITECTURE.md). Tags live in each package.json under `nx.tags`. */
export const depConstraints = [
  { sourceTag: 'type:core', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'type:backbone', onlyDependOnLibsWithTags: ['type:core'] },
  { sourceTag: 'type:shared-method', onlyDependOnLibsWithTags: ['type:core'] },
  { sourceTag: 'type:tasks', onlyDependOnLibsWithTags: ['type:core'] },
  // Methods never import the backbone nor each other: that is what makes them swappable.
  { sourceTag: 'type:method', onlyDependOnLibsWithTags: ['type:core', 'type:shared-method'] },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:core', 'type:backbone'] },
  { sourceTag: 'type:harness', onlyDependOnLibsWithTags: LIBRARY_TAGS },
  { sourceTag: 'type:example', onlyDependOnLibsWithTags: [...LIBRARY_TAGS, 'type:harness'] },
  { sourceTag: 'type:tool', onlyDependOnLibsWithTags: [...LIBRARY_TAGS, 'type:harness'] },
];

/**
 * In spec files a method (and an example method, such as examples/custom-method) may also use
 * the contract suite (`type:testing`, a dev dependency): it is allowed for tests only.
 * Every other edge stays as above.
 */
export const specDepConstraints = depConstraints.map((c) =>
  c.sourceTag === 'type:method' || c.sourceTag === 'type:example'
    ? { ...c, onlyDependOnLibsWithTags: [...c.onlyDependOnLibsWithTags, 'type:testing'] }
    : c,
);

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'docs/**', '**/*.js', '**/*.mjs', '**/__fixtures__/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        { enforceBuildableLibDependency: false, allow: [], depConstraints },
      ],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'inline-type-imports' },
      ],
      '@typescript-eslint/explicit-module-boundary-types': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      // Crashes (stack overflow) on recursive types such as nested number arrays in 8.73.
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ExportDefaultDeclaration',
          message: 'Use named exports (the house rule, see CONTRIBUTING.md).',
        },
      ],
    },
  },
  {
    // Specs may use non-null assertions on optional hooks and loose casts to build bad inputs.
    files: ['**/*.spec.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        { enforceBuildableLibDependency: false, allow: [], depConstraints: specDepConstraints },
      ],
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/explicit-module-boundary-types': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  prettier,
);
