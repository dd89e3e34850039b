/**
 * The paper's attention analysis for a finished run: for each task, the softmax mass that
 * queries put on the hyper-prompt columns, per layer and stack, averaged over heads, real
 * query positions and up to 100 validation examples (as the paper averages 100 examples).
 *
 * Axis legend: B batch, S input length, T target length.
 *
 * @packageDocumentation
 */
import * as tf from '@tensorflow/tfjs';
import { createForwardContext, type PeftModule, Rng } from '@hyperprompt/core';
import { AttentionMassRecorder, type HyperPromptModule } from '@hyperprompt/hyperprompt';
import type { T5Model, Tokenizer } from '@hyperprompt/t5';
import type { Example } from '@hyperprompt/tasks';
import type { AttentionMassRecord } from '../result';

/** Validation examples per task in the analysis (the paper's 100). */
export const ATTENTION_EXAMPLES = 100;

/** The HyperPrompt modules among a run's modules. */
function hyperPromptModules(modules: readonly PeftModule[]): HyperPromptModule[] {
  return modules.filter((m): m is HyperPromptModule => m.kind === 'hyperprompt');
}

/** `[B, L]` 0/1 mask of rows of lengths `lengths`, padded to the longest. */
function lengthMask(lengths: readonly number[]): tf.Tensor2D {
  const width = Math.max(...lengths);
  return tf.tensor2d(
    lengths.flatMap((n) => Array.from({ length: width }, (_, j) => (j < n ? 1 : 0))),
    [lengths.length, width],
  );
}

/** One task's validation examples for the analysis. */
export interface AttentionTaskExamples {
  /** Task name. */
  readonly name: string;
  /** Its validation examples (the first {@link ATTENTION_EXAMPLES} are used). */
  readonly examples: readonly Example[];
}

/** Everything {@link measureAttentionMass} reads. */
export interface AttentionInputs {
  /** The trained backbone. */
  readonly model: T5Model;
  /** All modules of the run, composed in order. */
  readonly modules: readonly PeftModule[];
  /** Tokenizer of the run. */
  readonly tokenizer: Tokenizer;
  /** Per task (task-id order): its name and validation examples. */
  readonly tasks: readonly AttentionTaskExamples[];
  /** Examples per forward. @defaultValue 25 */
  readonly batchSize?: number;
}

/**
 * Attention mass on hyper-prompts per (task, stack, layer), or `undefined` when the run has
 * no HyperPrompt module. Teacher-forced forwards (inference mode) on validation examples.
 *
 * @param inputs - model, modules, tokenizer and validation examples.
 * @returns one record per task and prompted self-attention site.
 */
export function measureAttentionMass(inputs: AttentionInputs): AttentionMassRecord[] | undefined {
  const prompted = hyperPromptModules(inputs.modules);
  if (prompted.length === 0) return undefined;
  const { model, modules, tokenizer, tasks } = inputs;
  const batchSize = inputs.batchSize ?? 25;
  const records: AttentionMassRecord[] = [];
  tasks.forEach(({ name, examples }, taskId) => {
    const recorders = prompted.map((m) => new AttentionMassRecorder(m.sites, m.config.promptLength));
    const chosen = examples.slice(0, ATTENTION_EXAMPLES);
    for (let start = 0; start < chosen.length; start += batchSize) {
      const chunk = chosen.slice(start, start + batchSize);
      const inputIds = chunk.map((e) => tokenizer.encode(e.input));
      const labels = chunk.map((e) => tokenizer.encode(e.target));
      tf.tidy(() => {
        const encoderMask = lengthMask(inputIds.map((ids) => ids.length)); // [B, S]
        const decoderMask = lengthMask(labels.map((ids) => ids.length)); // [B, T]
        for (const r of recorders) {
          r.setQueryMask('encoder', encoderMask);
          r.setQueryMask('decoder', decoderMask);
        }
        const ctx = createForwardContext({
          taskIds: chunk.map(() => taskId),
          numTasks: tasks.length,
          rng: new Rng(0),
        });
        const observe = (probs: tf.Tensor4D, site: Parameters<AttentionMassRecorder['observe']>[1]): void => {
          for (const r of recorders) r.observe(probs, site);
        };
        const out = model.forward(
          { inputIds, labels },
          { context: ctx, hooks: modules.map((m) => m.hooks(ctx)), observeAttention: observe },
        );
        tf.dispose([out.logits, out.encoderHiddenState, out.encoderMask]);
      });
    }
    for (const recorder of recorders) {
      for (const entry of recorder.entries()) {
        records.push({ stack: entry.site.stack, layer: entry.site.layer, task: name, mass: entry.mass });
      }
    }
  });
  return records;
}
