/**
 * Export one task's prompt to Hugging Face PEFT's prompt-tuning format and import it back.
 *
 * PEFT stores a prompt-tuning adapter as `adapter_config.json` (`peft_type: "PROMPT_TUNING"`)
 * and `adapter_model.safetensors` holding one tensor, `prompt_embeddings`
 * `[num_virtual_tokens · num_transformer_submodules, token_dim]`. For `SEQ_2_SEQ_LM` PEFT
 * defaults `num_transformer_submodules` to 2 (an encoder block of rows, then a decoder block),
 * but its seq2seq prompt-tuning forward and `generate` prepend only the first
 * `num_virtual_tokens` rows to the encoder input. Our prompts live at the encoder input only,
 * so we export `num_transformer_submodules: 1` and `prompt_embeddings` `[P, D]`: PEFT keeps an
 * explicit value, and the rows land exactly where ours act. On import, a file with 2
 * submodules is accepted and its first P rows (the encoder block) are read; the decoder
 * block is ignored.
 *
 * Axis legend: K tasks, P prompt length (num_virtual_tokens), D d_model (token_dim).
 *
 * @packageDocumentation
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import {
  CheckpointError,
  ConfigError,
  type PeftModule,
  ShapeError,
  readSafetensorsFile,
  writeJsonAtomic,
  writeSafetensorsFile,
} from '@hyperprompt/core';
import type { PromptTuningConfig } from './config';
import { PROMPTS_VARIABLE } from './prompt-tuning';

/** File name of PEFT's adapter config. */
export const PEFT_CONFIG_FILE = 'adapter_config.json';
/** File name of PEFT's adapter weights. */
export const PEFT_WEIGHTS_FILE = 'adapter_model.safetensors';
/** Key of the prompt tensor in {@link PEFT_WEIGHTS_FILE}. */
export const PEFT_PROMPT_KEY = 'prompt_embeddings';

/** The fields of PEFT's `adapter_config.json` we write (PEFT's `PromptTuningConfig`). */
export interface PeftPromptTuningConfigJson {
  /** Always `PROMPT_TUNING`. */
  readonly peft_type: 'PROMPT_TUNING';
  /** Always `SEQ_2_SEQ_LM` (T5). */
  readonly task_type: string;
  /** P. */
  readonly num_virtual_tokens: number;
  /** D. */
  readonly token_dim: number;
  /** Row blocks in `prompt_embeddings`: 1 on export (encoder only); 1 or 2 on import. */
  readonly num_transformer_submodules: number;
  /** Heads per layer of the backbone (informational in PEFT). */
  readonly num_attention_heads: number | null;
  /** Encoder layers of the backbone (informational in PEFT). */
  readonly num_layers: number | null;
  /** `RANDOM` (PEFT has no vocabulary-sample or class-label mode; the values are what count). */
  readonly prompt_tuning_init: string;
  /** Unused: `null`. */
  readonly prompt_tuning_init_text: string | null;
  /** Unused: `null`. */
  readonly tokenizer_name_or_path: string | null;
  /** Unused: `null`. */
  readonly tokenizer_kwargs: null;
  /** The backbone's Hugging Face name or path, or `null`. */
  readonly base_model_name_or_path: string | null;
  /** Unused: `null`. */
  readonly revision: string | null;
  /** `true`: the export is for inference. */
  readonly inference_mode: boolean;
  /** Unused: `null`. */
  readonly modules_to_save: null;
  /** Unused: `null`. */
  readonly auto_mapping: null;
}

/** Options of {@link exportPeftPrompt}. */
export interface ExportPeftPromptOptions {
  /**
   * `base_model_name_or_path` in the config, e.g. `google/t5-v1_1-base`.
   * @defaultValue `null`
   */
  readonly baseModelName?: string;
}

/** What {@link importPeftPrompt} returns. */
export interface ImportedPeftPrompt {
  /** `[P, D]` encoder prompt; the caller owns (and disposes) it. */
  readonly prompt: tf.Tensor2D;
  /** The parsed `adapter_config.json`. */
  readonly config: PeftPromptTuningConfigJson;
}

/** Writes one task's prompt `[P, D]` of a Prompt-Tuning module in PEFT's format into `dir`. */
export function exportPeftPrompt(
  dir: string,
  module: PeftModule<PromptTuningConfig>,
  taskId: number,
  options: ExportPeftPromptOptions = {},
): void {
  const { numTasks, promptLength, shared } = module.config;
  if (!Number.isInteger(taskId) || taskId < 0 || taskId >= numTasks) {
    throw new ConfigError('exportPeftPrompt.taskId', taskId, `a task id in [0, ${numTasks})`);
  }
  const prompts = module.variables.get(PROMPTS_VARIABLE); // [K', P, D]
  const d = prompts.shape[2] ?? 0;
  const row = shared ? 0 : taskId;
  const data = tf.tidy(() => prompts.slice([row, 0, 0], [1, promptLength, d]).dataSync()); // [1, P, D]
  const config: PeftPromptTuningConfigJson = {
    peft_type: 'PROMPT_TUNING',
    task_type: 'SEQ_2_SEQ_LM',
    num_virtual_tokens: promptLength,
    token_dim: d,
    num_transformer_submodules: 1,
    num_attention_heads: null,
    num_layers: null,
    prompt_tuning_init: 'RANDOM',
    prompt_tuning_init_text: null,
    tokenizer_name_or_path: null,
    tokenizer_kwargs: null,
    base_model_name_or_path: options.baseModelName ?? null,
    revision: null,
    inference_mode: true,
    modules_to_save: null,
    auto_mapping: null,
  };
  fs.mkdirSync(dir, { recursive: true });
  const tensors = new Map([[PEFT_PROMPT_KEY, { shape: [promptLength, d], data: Float32Array.from(data) }]]);
  writeSafetensorsFile(path.join(dir, PEFT_WEIGHTS_FILE), tensors, { format: 'pt' });
  writeJsonAtomic(path.join(dir, PEFT_CONFIG_FILE), config);
}

function positive(file: string, json: Record<string, unknown>, key: string): number {
  const v = json[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
    throw new CheckpointError(file, key, `expected a positive integer, got ${JSON.stringify(v)}`);
  }
  return v;
}

/**
 * Reads a PEFT prompt-tuning adapter from `dir`: the encoder prompt `[P, D]` and the config.
 * @throws `CheckpointError` for a missing file, another `peft_type` or inconsistent sizes.
 */
export function importPeftPrompt(dir: string): ImportedPeftPrompt {
  const configFile = path.join(dir, PEFT_CONFIG_FILE);
  const weightsFile = path.join(dir, PEFT_WEIGHTS_FILE);
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(fs.readFileSync(configFile, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new CheckpointError(configFile, undefined, `cannot read: ${String(error)}`);
  }
  if (json.peft_type !== 'PROMPT_TUNING') {
    throw new CheckpointError(
      configFile,
      'peft_type',
      `expected "PROMPT_TUNING", got ${JSON.stringify(json.peft_type)}`,
    );
  }
  const p = positive(configFile, json, 'num_virtual_tokens');
  const d = positive(configFile, json, 'token_dim');
  const blocks = json.num_transformer_submodules ?? (json.task_type === 'SEQ_2_SEQ_LM' ? 2 : 1);
  if (blocks !== 1 && blocks !== 2) {
    throw new CheckpointError(
      configFile,
      'num_transformer_submodules',
      `expected 1 or 2, got ${JSON.stringify(blocks)}`,
    );
  }
  const entry = readSafetensorsFile(weightsFile, { names: [PEFT_PROMPT_KEY] }).tensors.get(PEFT_PROMPT_KEY);
  if (!entry) throw new CheckpointError(weightsFile, PEFT_PROMPT_KEY, 'missing');
  const want = [p * blocks, d];
  if (entry.shape.length !== 2 || entry.shape[0] !== want[0] || entry.shape[1] !== want[1]) {
    throw new ShapeError(`${weightsFile}: ${PEFT_PROMPT_KEY}`, `[${want.join(', ')}]`, entry.shape);
  }
  const rows = Float32Array.from(entry.data.subarray(0, p * d)); // encoder block [P, D]
  return {
    prompt: tf.tensor2d(rows, [p, d], 'float32'),
    config: { ...json, num_transformer_submodules: blocks } as unknown as PeftPromptTuningConfigJson,
  };
}

/**
 * Writes `prompt` `[P, D]` (e.g. from {@link importPeftPrompt}) into task `taskId`'s row of a
 * module's prompts (the shared prompt when the module is shared). `prompt` is left to the caller.
 */
export function assignTaskPrompt(
  module: PeftModule<PromptTuningConfig>,
  taskId: number,
  prompt: tf.Tensor,
): void {
  const { numTasks, promptLength, shared } = module.config;
  if (!Number.isInteger(taskId) || taskId < 0 || taskId >= numTasks) {
    throw new ConfigError('assignTaskPrompt.taskId', taskId, `a task id in [0, ${numTasks})`);
  }
  const prompts = module.variables.get(PROMPTS_VARIABLE); // [K', P, D]
  const [rows = 0, , d = 0] = prompts.shape;
  if (prompt.rank !== 2 || prompt.shape[0] !== promptLength || prompt.shape[1] !== d) {
    throw new ShapeError('assignTaskPrompt(prompt)', `[${promptLength}, ${d}]`, prompt.shape);
  }
  const row = shared ? 0 : taskId;
  tf.tidy(() => {
    const parts = [];
    if (row > 0) parts.push(prompts.slice([0, 0, 0], [row, promptLength, d])); // [row, P, D]
    parts.push(tf.expandDims(tf.cast(prompt, 'float32'), 0)); // [P, D] -> [1, P, D]
    if (row + 1 < rows) parts.push(prompts.slice([row + 1, 0, 0], [rows - row - 1, promptLength, d]));
    prompts.assign(tf.concat(parts, 0)); // [K', P, D]
  });
}
