const { jestConfig } = require('../../jest.preset');

const base = jestConfig(__dirname);

// hyparquet (the parquet reader of src/loaders) ships ES modules only. Node >= 20.19 loads it
// with require() at run time, but jest's module system cannot: compile it to CommonJS here.
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
