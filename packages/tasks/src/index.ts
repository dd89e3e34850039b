/**
 * `@hyperprompt/tasks`: tasks for multi-task T5 experiments. Today: the official metrics of
 * GLUE and SuperGLUE (equal to scikit-learn / SciPy and to T5's evaluation code), including
 * T5's handling of invalid predicted strings.
 *
 * @packageDocumentation
 */
export * from './metrics';
