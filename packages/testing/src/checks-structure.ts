/**
 * Contract checks (2) variable names and parameter accounting, (3) output shapes and widened
 * masks/bias, and (5) config JSON round trip and bundle save/load.
 *
 * @packageDocumentation
 */
import { isDeepStrictEqual } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import {
  countStore,
  createForwardContext,
  loadModuleBundle,
  PARAMETER_CATEGORIES,
  saveModuleBundle,
  type MethodConfig,
} from '@hyperprompt/core';
import { recordingHooks } from '@hyperprompt/core/testing';
import { ensure, firstDifference, withModule, type ContractFixture } from './contract-case';
import { taskNames, withTempDir } from './checks-training';
import { runForward } from './harness';

/**
 * Check (2): every variable name starts with `${kind}/`, and `countStore(module.variables)`
 * equals `method.countParameters(config, spec)` in every category.
 */
export async function checkAccounting<C extends MethodConfig>(fixture: ContractFixture<C>): Promise<void> {
  const { method, config, model } = fixture;
  await withModule(fixture, (module) => {
    ensure(fixture, module.kind === method.kind, `module.kind is ${module.kind}`);
    for (const name of module.variables.names()) {
      ensure(
        fixture,
        name.startsWith(`${method.kind}/`),
        `variable ${name} lacks the prefix ${method.kind}/`,
      );
    }
    const counted = countStore(module.variables);
    const declared = method.countParameters(config, model.spec);
    for (const c of PARAMETER_CATEGORIES) {
      ensure(
        fixture,
        counted[c] === declared[c],
        `countParameters says ${declared[c]} '${c}' parameters, the module has ${counted[c]}`,
      );
    }
  });
}

/**
 * Check (3): logits are `[B, T, V]`; with a recorder composed after the module's hooks, the
 * forward succeeds (so every `embed`/`keyValue` output has a matching mask/bias, which
 * `composeHooks` checks), the encoder mask matches the encoder output, and every recorded
 * key/value call has a bias as wide as its keys.
 */
export async function checkShapes<C extends MethodConfig>(fixture: ContractFixture<C>): Promise<void> {
  const { model, batch } = fixture;
  const b = batch.taskIds.length;
  const t = Math.max(...batch.labelLengths);
  await withModule(fixture, (module) => {
    const recorder = recordingHooks();
    const out = tf.tidy(() => {
      const ctx = createForwardContext({ taskIds: batch.taskIds, numTasks: batch.numTasks });
      return model.forward(batch.inputs, { hooks: [module.hooks(ctx), recorder.hooks], context: ctx });
    });
    try {
      const { logits, encoderHiddenState: h, encoderMask: m } = out;
      const want = [b, t, model.spec.vocabSize];
      ensure(
        fixture,
        logits.shape.join() === want.join(),
        `logits [${logits.shape.join(', ')}], expected [${want.join(', ')}]`,
      );
      ensure(
        fixture,
        h.shape[0] === b && m.shape[0] === b && m.shape[1] === h.shape[1],
        `encoderMask [${m.shape.join(', ')}] does not match encoderHiddenState [${h.shape.join(', ')}]`,
      );
    } finally {
      tf.dispose(out);
    }
    ensure(fixture, recorder.count('keyValue') > 0, 'the backbone called no keyValue hook');
    for (const call of recorder.calls.filter((c) => c.hook === 'keyValue')) {
      const { keys, bias } = call.shapes;
      ensure(
        fixture,
        keys[2] === bias[3],
        `at ${call.where}: bias width ${bias[3]} != key length ${keys[2]}`,
      );
    }
  });
}

/**
 * Check (5): the config survives JSON (resolving it again without `kind` gives an equal
 * config), and a bundle saved and loaded back gives bit-identical logits.
 */
export async function checkRoundTrip<C extends MethodConfig>(fixture: ContractFixture<C>): Promise<void> {
  const { method, config, model, batch } = fixture;
  const json = JSON.parse(JSON.stringify(config)) as Partial<Omit<C, 'kind'>> & { kind?: string };
  delete json.kind;
  const again = method.resolve(json, model.spec, { numTasks: batch.numTasks });
  ensure(
    fixture,
    isDeepStrictEqual(again, config),
    `resolve(JSON config) gave ${JSON.stringify(again)}, expected ${JSON.stringify(config)}`,
  );
  await withModule(fixture, (module) =>
    withTempDir((dir) => {
      saveModuleBundle(dir, module, model, { tasks: taskNames(batch.numTasks) });
      const loaded = loadModuleBundle(dir, method, model).module;
      try {
        const a = runForward(model, module, batch.inputs, batch.taskIds);
        const b = runForward(model, loaded, batch.inputs, batch.taskIds);
        const at = firstDifference(a.dataSync(), b.dataSync());
        tf.dispose([a, b]);
        ensure(fixture, at < 0, `logits after a bundle save/load differ at flat index ${at}`);
      } finally {
        loaded.dispose();
      }
    }),
  );
}
