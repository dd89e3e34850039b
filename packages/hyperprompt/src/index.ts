/**
 * `@hyperprompt/hyperprompt`: HyperPrompt (He et al., ICML 2022): hypernetwork-generated
 * task prompts prepended to the keys and values of self-attention in every block, in the
 * Share, Sep and Global variants, with a `static` (materialised) form for inference,
 * closed-form parameter accounting and the attention-mass analysis of the paper.
 *
 * @packageDocumentation
 */
export {
  DEFAULT_HYPERPROMPT,
  HYPERPROMPT_VARIANTS,
  resolveHyperPrompt,
  type GlobalPromptInit,
  type HyperPromptConfig,
  type HyperPromptOptions,
  type HyperPromptVariant,
  type LocalNetInit,
} from './config';
export { hyperPrompt, prependPrompts, type HyperPromptModule } from './hyperprompt';
export { hyperPromptSites, selectedLayers } from './sites';
export { GLOBAL_PROMPTS_VARIABLE, STATIC_PROMPTS_VARIABLE, UNIFORM_INIT_SCALE } from './prompt-source';
export { LOCAL_INIT_STD } from './local-nets';
export { PROJECTOR_LAYER_NORM_EPSILON, PROJECTOR_INIT_STD, generatorInitStd } from './global-nets';
export {
  countHyperPromptParameters,
  hyperPromptParameterTable,
  formatHyperPromptParameterTable,
  type NamedBackbone,
  type HyperPromptParameterRow,
} from './parameters';
export { promptAttentionMass, AttentionMassRecorder, type AttentionMassEntry } from './attention-mass';
