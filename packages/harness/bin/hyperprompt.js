#!/usr/bin/env node
// The `hyperprompt` command: the package's `bin`. This file is committed (it exists when `npm ci`
// links workspace bins into node_modules/.bin) and starts the CLI compiled into dist/ by the
// build. Before the build it says so, instead of npx falling back to the registry.
'use strict';
const { existsSync } = require('node:fs');
const { join, relative } = require('node:path');

const main = join(__dirname, '..', 'dist', 'cli', 'main.js');
if (!existsSync(main)) {
  process.stderr.write(
    `hyperprompt: the CLI is not built yet (${relative(process.cwd(), main) || main} is missing).\n` +
      'Run `npm run build` at the repository root (after `npm ci`), then run `npx hyperprompt` again.\n',
  );
  process.exit(1);
}
require(main);
