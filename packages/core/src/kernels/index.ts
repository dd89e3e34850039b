/**
 * Kernels that keep training fast on the wasm backend and correct on every backend: dense
 * layers and attention matMuls that stay on XNNPACK in both directions, and an embedding
 * lookup whose gradient needs no kernel wasm lacks.
 *
 * @packageDocumentation
 */
export { matMul2d, linear } from './linear';
export { gatherRows } from './gather-rows';
export {
  attentionScores,
  attentionContext,
  groupedMatMul,
  DEPTHWISE_MIN_LENGTH,
  type AttentionFormulation,
} from './attention-matmul';
