/**
 * Checkpoint IO: atomic writes, 16-bit float conversions, safetensors reading and writing,
 * method bundles and fingerprints.
 *
 * @packageDocumentation
 */
export {
  type AtomicWriteData,
  type AtomicWriteDataAsync,
  writeFileAtomic,
  writeFileAtomicAsync,
  writeJsonAtomic,
  writeJsonAtomicAsync,
} from './atomic-write';
export {
  BUNDLE_FILES,
  BUNDLE_FORMAT,
  BUNDLE_FORMAT_VERSION,
  type BundleManifest,
  type LoadBundleOptions,
  type LoadedBundle,
  loadBundle,
  readBundleManifest,
  saveBundle,
  type SaveBundleOptions,
} from './bundle';
export { canonicalJson, fingerprintOf } from './fingerprint';
export {
  bf16BitsToF32,
  bf16ToF32,
  f16BitsToF32,
  f16ToF32,
  f32ToBf16,
  f32ToBf16Bits,
  f32ToF16,
  f32ToF16Bits,
} from './float16';
export {
  entriesToTensors,
  parseSafetensors,
  type ReadSafetensorsOptions,
  readSafetensorsFile,
  readSafetensorsHeader,
  SAFETENSORS_DTYPES,
  type SafetensorsContents,
  type SafetensorsDType,
  type SafetensorsEntry,
} from './safetensors';
export {
  dtypeByteSize,
  MAX_HEADER_BYTES,
  parseSafetensorsHeader,
  SAFETENSORS_FILE_DTYPES,
  type SafetensorsFileDType,
  type SafetensorsHeader,
  type SafetensorsTensorInfo,
} from './safetensors-header';
export {
  type SafetensorsFloatDType,
  type SafetensorsInput,
  serializeSafetensors,
  tensorsToEntries,
  writeSafetensorsFile,
} from './safetensors-writer';
export {
  wordLevelTokenizerFiles,
  T5_WORD_LEVEL_SPECIALS,
  WORDPIECE_CONTINUATION,
  type SpecialTokenId,
  type WordLevelSpecialTokens,
  type WordLevelTokenizerFiles,
} from './word-level-tokenizer';
