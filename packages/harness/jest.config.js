const { jestConfig } = require('../../jest.preset');

// hyparquet (the parquet reader of @hyperprompt/tasks) ships ES modules only.
module.exports = jestConfig(__dirname, { esmPackages: ['hyparquet'] });
