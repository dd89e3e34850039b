/**
 * `hyperprompt predict`: predictions of a finished run for new inputs, from the run folder
 * alone (its tokenizer, its last checkpoint and the methods named in its `result.json`).
 *
 * @packageDocumentation
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CheckpointError, ConfigError, initBackend, type PeftModule } from '@hyperprompt/core';
import { loadTokenizer } from '@hyperprompt/t5';
import type { Example } from '@hyperprompt/tasks';
import { writeLine } from '../cli/context';
import type { CommandHandler, PredictCommandOptions } from '../cli/handlers';
import { canonicalTaskName, resolveMethods, type RunConfig, taskRegistry } from '../experiment';
import { validateRunResult } from '../report';
import { isDivergedResult } from '../result';
import { loadBackbone } from '../train/backbone';
import { latestCheckpoint, restoreModules } from '../train/checkpoint';
import type { EvalTask } from '../train/eval-task';
import { Evaluator } from '../train/evaluator';
import { RUN_CHECKPOINT_DIR } from './execute-run';
import { RUN_TOKENIZER_DIR } from './run-data';

/** What prediction needs to know about a task: kind, label words, target length. */
function predictionTask(name: string, examples: readonly Example[]): EvalTask {
  const def = taskRegistry().get(name);
  const classification = def.kind === 'classification';
  return {
    name,
    kind: def.kind,
    labelWords: classification ? (def.labelWords ?? []) : [],
    maxNewTokens: def.maxTargetLength + 1, // characters bound tokens; plus EOS
    splits: { input: examples },
    score: () => ({}),
    taskScore: () => 0,
  };
}

/** Reads the inputs of `--text` and `--file` (one per line, blank lines skipped). */
function readInputs(options: PredictCommandOptions, cwd: string): string[] {
  const fromFile =
    options.file === undefined
      ? []
      : readFileSync(resolve(cwd, options.file), 'utf8')
          .split(/\r?\n/)
          .filter((line) => line.trim() !== '');
  return [...options.text, ...fromFile];
}

/** The `predict` handler. */
export const predictCommand: CommandHandler<PredictCommandOptions> = async (options, { io, cwd }) => {
  const runDir = resolve(cwd, options.run);
  const resultFile = join(runDir, 'result.json');
  const parsed = JSON.parse(readFileSync(resultFile, 'utf8')) as unknown;
  if (isDivergedResult(parsed)) {
    const { step, quantity, value } = parsed.divergence;
    throw new CheckpointError(
      resultFile,
      'status',
      `the run diverged at step ${step} (its ${quantity} was ${value}) and has no trained result to ` +
        'predict with; rerun it with a lower learning rate or gradient clipping',
    );
  }
  const result = validateRunResult(parsed, resultFile);
  const config = result.config as RunConfig;
  const task = canonicalTaskName(options.task, '--task');
  const taskId = config.tasks.indexOf(task);
  if (taskId < 0) throw new ConfigError('--task', options.task, config.tasks);
  const inputs = readInputs(options, cwd);
  await initBackend({ log: (line) => writeLine(io.stderr, line) });
  const tokenizer = loadTokenizer(join(runDir, RUN_TOKENIZER_DIR));
  const checkpoints = join(runDir, RUN_CHECKPOINT_DIR);
  const folder = latestCheckpoint(checkpoints);
  if (folder === undefined) throw new CheckpointError(checkpoints, undefined, 'the run kept no checkpoint');
  const model = loadBackbone({ kind: 'run', dir: folder });
  const modules: PeftModule[] = [];
  try {
    for (const [i, m] of resolveMethods(config.methods, model.spec, config.tasks.length).entries()) {
      modules.push(m.method.create(model, m.config, i + 1));
    }
    restoreModules(folder, modules);
    const examples = inputs.map((input) => ({ input, target: '' }));
    const tasks = config.tasks.map((name, i) => predictionTask(name, i === taskId ? examples : []));
    const { predictions } = new Evaluator(tokenizer, tasks).predict(model, modules, taskId, 'input');
    predictions.forEach((prediction, i) => {
      io.stdout(options.json ? `${JSON.stringify({ input: inputs[i], prediction })}\n` : `${prediction}\n`);
    });
    return 0;
  } finally {
    for (const m of modules) m.dispose();
    model.dispose();
  }
};
