/**
 * The `hyperprompt` command line: the commander program, its error and exit-code
 * conventions, the handler interface of the delegated commands (`run`, `sweep`, `report`,
 * `predict`, `bench`) and the data, scoring and parameter tools behind `data`, `score` and
 * `params`.
 *
 * @packageDocumentation
 */
export { buildProgram, runCli, type CommandEnv, type BuiltProgram } from './program';
export { PROCESS_IO, writeLine, type CliIO, type CliContext } from './context';
export { EXIT_OK, EXIT_FAILURE, EXIT_USAGE, UsageError, exitCodeOf, formatError } from './errors';
export type {
  CommandHandler,
  CommandHandlers,
  RunLikeOptions,
  RunCommandOptions,
  SweepCommandOptions,
  ReportCommandOptions,
  ReportSelection,
  PredictCommandOptions,
  BenchCommandOptions,
} from './handlers';
export { integerAtLeast, parseShard, parseSeeds, BACKEND_CHOICES } from './parsers';
export { registryTask, taskSplits, checkTaskSplit, taskExamples, type TaskDataOptions } from './task-data';
export { TASKS_NEEDING_EXAMPLES, readLinesFile, scoreExamples, scoreTargets } from './scoring';
export {
  readBackboneOption,
  experimentBackbone,
  readMethodFile,
  parameterAccounting,
  type ParameterRequest,
  type BackboneRow,
  type MethodFile,
} from './parameters';
export { notImplementedHandlers } from './not-implemented';
