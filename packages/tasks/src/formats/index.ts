/**
 * T5's official text-to-text formats of GLUE and SuperGLUE (`t5.data.preprocessors`): the
 * generic `<benchmark> key: value ...` format, STS-B's rounded regression targets, MultiRC,
 * ReCoRD and WSC (`wsc_simple`). Formatters turn one canonical raw record (HF/TFDS feature
 * names) into zero or more `Example`s.
 *
 * @packageDocumentation
 */
export {
  isRawRecord,
  textField,
  integerField,
  stringListField,
  classLabelField,
  scoreLabelField,
  recordIndex,
  nestedIndex,
  type RawValue,
  type RawRecord,
  type FormatContext,
  type Formatter,
} from './raw-record';
export {
  UNKNOWN_TARGET,
  alphabeticalKeys,
  t5Input,
  t5ClassificationFormatter,
  type T5ClassificationFormat,
} from './t5-glue';
export {
  STSB_RULE,
  roundHalfEven,
  checkRegressionRule,
  regressionTarget,
  regressionTargetLength,
  t5RegressionFormatter,
  type RegressionRule,
  type T5RegressionFormat,
} from './regression';
export { MULTIRC_FEATURES, removeMultircMarkup, multircGroup, formatMultirc } from './multirc';
export { compareCodePoints, sortedDistinct, joinRecordHighlights, formatRecord } from './record';
export {
  WSC_LABEL_WORDS,
  fixWscSpans,
  wscSimpleInput,
  formatWscSimple,
  wscPredictsReferent,
  type WscSpans,
} from './wsc';
