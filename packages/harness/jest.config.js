const { jestConfig } = require('../../jest.preset');

const base = jestConfig(__dirname);

// hyparquet (the parquet reader of @hyperprompt/tasks, used by `hyperprompt data` on Hugging
// Face exports) ships ES modules only; jest's module system cannot load them: compile to CommonJS.
module.exports = {
  ...base,
  transform: {
    ...base.transform,
    '^.+/node_modules/hyparquet/.+\\.js$': [
      '@swc/jest',
      { jsc: { target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!hyparquet/)'],
};
