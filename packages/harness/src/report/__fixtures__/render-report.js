// Writes the fixture runs and their reports in a plain node process, and prints what
// writeReport returned as the last line of stdout. The report spec runs this as a child
// process: vega and vega-lite are ES modules with top-level await, which jest's CommonJS
// sandbox cannot import. TypeScript sources are compiled on the fly with @swc/core, and
// `@hyperprompt/*` resolves to the packages' sources, as in jest, so no build is needed.
// Usage: node render-report.js <work-dir>
'use strict';
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const { transformSync } = require('@swc/core');

const packages = path.resolve(__dirname, '../../../..');
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const match = /^@hyperprompt\/([a-z0-9-]+)$/.exec(request);
  const target = match ? path.join(packages, match[1], 'src', 'index.ts') : request;
  return resolveFilename.call(this, target, ...rest);
};
require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};

const { COMPARISON, PAIRED, SWEEP, writeRuns } = require('./runs.ts');
const { writeReport } = require('../index.ts');

async function main(work) {
  await writeRuns(path.join(work, 'comparison'), COMPARISON);
  await writeRuns(path.join(work, 'sweep'), SWEEP);
  await writeRuns(path.join(work, 'paired'), PAIRED);
  const comparison = await writeReport(path.join(work, 'comparison'), path.join(work, 'comparison-report'));
  const sweep = await writeReport(path.join(work, 'sweep'));
  const paired = await writeReport(path.join(work, 'paired'), undefined, { plots: false });
  process.stdout.write(`\n${JSON.stringify({ comparison, sweep, paired })}\n`);
}

main(process.argv[2]).catch((error) => {
  console.error(error);
  process.exit(1);
});
