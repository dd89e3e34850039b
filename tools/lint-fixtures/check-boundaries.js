#!/usr/bin/env node
// Proves that the package dependency table (ARCHITECTURE.md) is live: for every ordered pair of
// workspace projects, lint a probe file in the source project that imports the target, and
// check that @nx/enforce-module-boundaries reports an error exactly when the table forbids
// the edge (e.g. a method package importing @hyperprompt/t5). Also checks that the real
// eslint.config.mjs enables the rule with the same table, and that nx's project graph is
// available (without it the rule silently skips). Exits non-zero on any mismatch.
'use strict';
const { execFileSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '../..');

async function main() {
  process.chdir(root);
  const { ESLint } = require('eslint');
  const tseslint = require('typescript-eslint');
  const nx = require('@nx/eslint-plugin');
  const { depConstraints, specDepConstraints } = await import(path.join(root, 'eslint.config.mjs'));

  // Computes and caches the project graph the rule reads.
  const projects = JSON.parse(
    execFileSync('npx', ['nx', 'show', 'projects', '--json'], { encoding: 'utf8' }),
  );
  const info = projects.map((name) => {
    const json = JSON.parse(
      execFileSync('npx', ['nx', 'show', 'project', name, '--json'], { encoding: 'utf8' }),
    );
    return { name, root: json.root, tags: json.tags ?? [] };
  });
  const untagged = info.filter((p) => !p.tags.some((t) => t.startsWith('type:')));
  if (untagged.length > 0) {
    throw new Error(`projects without a type: tag: ${untagged.map((p) => p.name).join(', ')}`);
  }

  const linterFor = (table) =>
    new ESLint({
      cwd: root,
      overrideConfigFile: true,
      overrideConfig: [
        {
          files: ['**/*.ts'],
          languageOptions: { parser: tseslint.parser },
          plugins: { '@nx': nx },
          rules: {
            '@nx/enforce-module-boundaries': [
              'error',
              { enforceBuildableLibDependency: false, allow: [], depConstraints: table },
            ],
          },
        },
      ],
    });

  const allowedBy = (table) => (source, target) =>
    source.tags.some((tag) => {
      const c = table.find((d) => d.sourceTag === tag);
      return c !== undefined && target.tags.some((t) => c.onlyDependOnLibsWithTags.includes(t));
    });

  let failures = 0;
  let checked = 0;
  // Library sources use the dependency table; spec files may also use the contract suite.
  const probes = [
    { file: '__boundary_probe__.ts', table: depConstraints },
    { file: '__boundary_probe__.spec.ts', table: specDepConstraints },
  ];
  for (const probe of probes) {
    const eslint = linterFor(probe.table);
    const allowed = allowedBy(probe.table);
    for (const source of info) {
      for (const target of info) {
        if (source === target) continue;
        const file = path.join(root, source.root, 'src', probe.file);
        const code = `import { x } from '${target.name}';\nexport const y = x;\n`;
        const [result] = await eslint.lintText(code, { filePath: file });
        const errors = result.messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries');
        const skipped = result.messages.some((m) => /ProjectGraph/.test(m.message));
        const expectViolation = !allowed(source, target);
        checked++;
        const edge = `${source.name} -> ${target.name} (${probe.file.endsWith('.spec.ts') ? 'spec' : 'source'})`;
        if (skipped || errors.length > 0 !== expectViolation) {
          failures++;
          console.error(
            `FAIL ${edge}: expected ${expectViolation ? 'a violation' : 'no violation'}, ` +
              `got ${errors.length > 0 ? errors[0].message : skipped ? 'rule skipped' : 'none'}`,
          );
        } else {
          console.log(`ok   ${edge}: ${expectViolation ? 'forbidden' : 'allowed'}`);
        }
      }
    }
  }

  // The real config must enable the same rule with the same table on package sources.
  const real = new ESLint({ cwd: root });
  const sample = path.join(root, info[0].root, 'src', 'index.ts');
  const config = await real.calculateConfigForFile(sample);
  const rule = config.rules['@nx/enforce-module-boundaries'];
  const live = Array.isArray(rule) && (rule[0] === 2 || rule[0] === 'error');
  if (!live || JSON.stringify(rule[1].depConstraints) !== JSON.stringify(depConstraints)) {
    failures++;
    console.error(
      'FAIL eslint.config.mjs does not enable @nx/enforce-module-boundaries with the dependency table of ARCHITECTURE.md',
    );
  }
  console.log(`${checked} import edges checked over ${info.length} projects, ${failures} failure(s)`);
  if (info.length < 2) console.log('note: fewer than two projects, no edge to check yet');
  process.exitCode = failures > 0 ? 1 : 0;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
