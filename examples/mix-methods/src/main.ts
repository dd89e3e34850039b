/**
 * Mixing methods on one backbone, with the library API: HyperPrompt-Global (key/value
 * prompts in self-attention) and HyperFormer++ (generated adapters after each sub-layer)
 * compose through `composeHooks`, train together with the T5 backbone (the paper's `all`
 * policy), save as two bundles, load back and decode.
 *
 * Usage (from this folder): `npm run build && node dist/main.js [steps = 300]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  formatParameterTable,
  initBackend,
  loadModuleBundle,
  parameterTable,
  saveModuleBundle,
} from '@hyperprompt/core';
import {
  Evaluator,
  evalTaskFromSynthetic,
  resolveMethods,
  tokenizeExamples,
  Trainer,
} from '@hyperprompt/harness';
import { T5Model, t5Preset, WordLevelTokenizer } from '@hyperprompt/t5';
import { generateSyntheticSuite, syntheticVocabulary } from '@hyperprompt/tasks';

const TASKS = ['syn-sentiment', 'syn-color-match', 'syn-animal-match'] as const;

async function main(): Promise<void> {
  const steps = Number(process.argv[2] ?? 300);
  await initBackend({ threads: 1 }); // a tiny model: one wasm thread is as fast and never spin-waits
  const suite = generateSyntheticSuite({ tasks: [...TASKS], seed: 0, maxWordsPerCategory: 8 });
  const tokenizer = WordLevelTokenizer.fromVocabulary(syntheticVocabulary().words);
  const model = T5Model.random(
    t5Preset('tiny', { vocabSize: tokenizer.vocabSize, dModel: 64, dKv: 16, dFF: 128 }),
    0,
  );

  // Two methods, resolved against the backbone and composed in this order.
  const methods = resolveMethods(
    [
      { kind: 'hyperprompt', variant: 'global', promptLength: 4 },
      { kind: 'hyperformer-pp', reductionFactor: 4 },
    ],
    model.spec,
    TASKS.length,
  );
  const modules = methods.map((m, i) => m.method.create(model, m.config, i + 1));
  const table = parameterTable(
    model.parameterCount(),
    methods.map((m) => ({ component: m.label, parameters: m.method.countParameters(m.config, model.spec) })),
  );
  console.log(formatParameterTable(table));

  const tasks = suite.tasks.map((t) => ({
    name: t.name,
    train: tokenizeExamples(tokenizer, t.splits.train),
  }));
  const evaluator = new Evaluator(
    tokenizer,
    suite.tasks.map((t) => evalTaskFromSynthetic(t)),
    { maxExamples: 100 },
  );
  const trainer = new Trainer({
    model,
    modules,
    tasks,
    optimizer: { kind: 'adam' },
    schedule: { lr: 3e-3 },
    settings: { steps, batchSize: 32, evalEvery: steps, trainable: 'all' },
    evaluator,
    onProgress: (p) => {
      if (p.step % 50 === 0) console.error(`step ${p.step}/${p.steps} loss ${p.loss.toFixed(3)}`);
    },
  });
  const summary = await trainer.train();
  console.log('validation scores:', summary.evals[summary.evals.length - 1].scores);

  // Save both modules as bundles bound to this backbone, load them back, decode with them.
  const dir = mkdtempSync(join(tmpdir(), 'mix-methods-'));
  const loaded = modules.map((m, i) => {
    saveModuleBundle(join(dir, m.kind), m, model, { tasks: [...TASKS] });
    return loadModuleBundle(join(dir, m.kind), methods[i].method, model).module;
  });
  const inputs = suite.tasks.map((t) => t.splits.validation[0]);
  const decoded = model.generate(
    { inputIds: inputs.map((e) => tokenizer.encode(e.input)) },
    { taskIds: TASKS.map((_, i) => i), maxNewTokens: 3, hooks: (ctx) => loaded.map((m) => m.hooks(ctx)) },
  );
  inputs.forEach((e, i) =>
    console.log(`${e.input}\n  -> ${tokenizer.decode(decoded[i])} (gold: ${e.target})`),
  );

  trainer.dispose();
  for (const m of [...modules, ...loaded]) m.dispose();
  model.dispose();
  rmSync(dir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
