/**
 * `@hyperprompt/hyperformer`: vanilla per-task bottleneck adapters (`adapters`) and
 * HyperFormer++ (`hyperformer-pp`, Karimi Mahabadi et al., ACL 2021), exactly as the official
 * HyperFormer code (`rabeehk/hyperformer`) builds them, on the `attentionOutput`
 * (self-attention) and `ffnOutput` hooks of every block. Batches may mix tasks.
 *
 * @packageDocumentation
 */
export {
  ADAPTER_ACTIVATIONS,
  ADAPTER_TENSORS,
  activate,
  adapterTensorShape,
  type AdapterActivation,
  type AdapterTensorName,
} from './adapter-math';
export {
  ADAPTER_INITS,
  DEFAULT_ADAPTERS,
  resolveAdapters,
  type AdapterInit,
  type AdaptersConfig,
  type AdaptersOptions,
} from './adapters-config';
export {
  adapters,
  adapterParameterCount,
  adapterTensorNames,
  adapterVariableName,
  countAdapterParameters,
} from './adapters';
export {
  DEFAULT_HYPERFORMER_PP,
  resolveHyperFormerPP,
  type HyperFormerPPConfig,
  type HyperFormerPPOptions,
} from './hyperformer-config';
export {
  hyperformerPP,
  countHyperFormerPPParameters,
  materializedConfig,
  TASK_EMBEDDINGS_VARIABLE,
  type HyperFormerPPModule,
} from './hyperformer-pp';
export { ADAPTER_SITE_KINDS, type AdapterSiteKind } from './sites';
