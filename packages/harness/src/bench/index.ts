/**
 * Benchmarks of the methods' training-step cost relative to plain multi-task T5.
 *
 * @packageDocumentation
 */
export {
  BENCH_WORKLOADS,
  BENCH_SHAPE,
  benchBackboneConfig,
  runMethodBench,
  type BenchWorkload,
  type BenchShape,
  type BenchResult,
  type MethodBenchOptions,
} from './method-bench';
