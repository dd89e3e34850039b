// Lets a worker process run from the TypeScript sources, as the runner does under jest
// (`npm test` runs before `npm run build`, so dist may not exist): preloaded with `node -r`,
// it compiles `.ts` files on the fly with @swc/core (as @swc/jest does) and resolves
// `@hyperprompt/<package>` to `packages/<package>/src/index.ts` (as jest's moduleNameMapper
// does). The compiled worker (dist/run/workers/run-worker.js) never loads this file.
'use strict';
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const { transformSync } = require('@swc/core');

const packages = path.resolve(__dirname, '../../../..');
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const match = /^@hyperprompt\/([a-z0-9-]+)(\/testing)?$/.exec(request);
  const target = match
    ? path.join(packages, match[1], 'src', match[2] ? 'testing' : '', 'index.ts')
    : request;
  return resolveFilename.call(this, target, ...rest);
};
require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};
