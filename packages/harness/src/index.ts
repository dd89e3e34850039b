/**
 * The experiment harness of HyperPrompt for TensorFlow.js: experiments as data (JSON files,
 * sweeps, run ids), the multi-task trainer and evaluator, the runner that writes one
 * `result.json` per run, paper-style reports with SVG plots, benchmarks, and the
 * `hyperprompt` CLI.
 *
 * @packageDocumentation
 */
export * from './result';
export * from './experiment';
export * from './train';
export * from './report';
export * from './run';
export * from './bench';
export * from './cli';
