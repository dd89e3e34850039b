/**
 * `@hyperprompt/prompt-tuning`: Prompt-Tuning (Lester et al., 2021) made multi-task: per-task
 * soft prompts `[K, P, D]` (or one shared prompt) prepended to the encoder input through the
 * `embed` hook, with the three initialisations of the original code and Hugging Face PEFT
 * export and import of a single task's prompt.
 *
 * @packageDocumentation
 */
export {
  DEFAULT_PROMPT_TUNING,
  PROMPT_TUNING_INITS,
  resolvePromptTuning,
  type ClassLabelTokens,
  type PromptTuningConfig,
  type PromptTuningInit,
  type PromptTuningOptions,
} from './config';
export { promptTuning, promptCount, PROMPTS_VARIABLE, UNIFORM_INIT_SCALE } from './prompt-tuning';
export {
  exportPeftPrompt,
  importPeftPrompt,
  assignTaskPrompt,
  PEFT_CONFIG_FILE,
  PEFT_WEIGHTS_FILE,
  PEFT_PROMPT_KEY,
  type ExportPeftPromptOptions,
  type ImportedPeftPrompt,
  type PeftPromptTuningConfigJson,
} from './peft-format';
