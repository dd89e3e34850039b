// Shared jest settings for every workspace package. Tests import sibling packages from
// source (moduleNameMapper), so `npm test` needs no prior build; @swc/jest strips types and
// `npm run typecheck` does the type checking.
const path = require('node:path');

/**
 * @param {string} packageDir absolute path of the package using the preset
 * @param {{ esmPackages?: string[] }} [options] dependencies that ship ES modules only (such as
 *   hyparquet, the parquet reader of @hyperprompt/tasks): jest's CommonJS module system cannot
 *   load them, so they are compiled to CommonJS like our sources
 */
function jestConfig(packageDir, options = {}) {
  const esm = options.esmPackages ?? [];
  const esmTransform = Object.fromEntries(
    esm.map((name) => [
      `^.+/node_modules/${name}/.+\\.js$`,
      ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
    ]),
  );
  return {
    ...(esm.length > 0 ? { transformIgnorePatterns: [`/node_modules/(?!(${esm.join('|')})/)`] } : {}),
    rootDir: packageDir,
    testEnvironment: 'node',
    roots: ['<rootDir>/src'],
    testMatch: ['**/*.spec.ts'],
    transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }], ...esmTransform },
    moduleNameMapper: {
      '^@hyperprompt/([a-z0-9-]+)/testing$': path.join(__dirname, 'packages/$1/src/testing/index.ts'),
      '^@hyperprompt/([a-z0-9-]+)$': path.join(__dirname, 'packages/$1/src/index.ts'),
    },
    setupFiles: [path.join(__dirname, 'jest.setup.js')],
    testTimeout: 60000,
  };
}

module.exports = { jestConfig };
