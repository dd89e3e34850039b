// Shared jest settings for every workspace package. Tests import sibling packages from
// source (moduleNameMapper), so `npm test` needs no prior build; @swc/jest strips types and
// `npm run typecheck` does the type checking.
const path = require('node:path');

/** @param {string} packageDir absolute path of the package using the preset */
function jestConfig(packageDir) {
  return {
    rootDir: packageDir,
    testEnvironment: 'node',
    roots: ['<rootDir>/src'],
    testMatch: ['**/*.spec.ts'],
    transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
    moduleNameMapper: {
      '^@hyperprompt/([a-z0-9-]+)/testing$': path.join(__dirname, 'packages/$1/src/testing/index.ts'),
      '^@hyperprompt/([a-z0-9-]+)$': path.join(__dirname, 'packages/$1/src/index.ts'),
    },
    setupFiles: [path.join(__dirname, 'jest.setup.js')],
    testTimeout: 60000,
  };
}

module.exports = { jestConfig };
