/**
 * Adafactor (Shazeer and Stern, 2018) as T5 fine-tunes with it, matching Hugging Face
 * `transformers.Adafactor(scale_parameter=False, relative_step=False, warmup_init=False)`:
 * - second moments factored into row and column means for variables of rank ≥ 2 (over the
 *   last two axes), a full second moment for vectors;
 * - `β2_t = 1 - t^(-decayRate)` (decay rate 0.8), so the first step uses the squared
 *   gradient alone;
 * - `ε1` added to the squared gradient; the update is divided by `max(1, RMS(update) / d)`
 *   (update clipping, `d = clipThreshold`), then scaled by the learning rate;
 * - no parameter scaling (so HF's `ε2` never applies), no momentum unless `beta1` is set,
 *   weight decay `param -= weightDecay * lr * param` when set.
 * The learning rate always comes from the schedule (relative step off); T5's relative step
 * `min(1e-2, 1/√t)` is the `inverse-sqrt` schedule with 10,000 warm-up steps.
 *
 * Axis legend: R rows (second-to-last axis), C columns (last axis), `...` leading axes.
 *
 * @packageDocumentation
 */
import * as tf from '@tensorflow/tfjs';
import { ConfigError, rejectUnknownKeys } from '@hyperprompt/core';
import { checkGradients, SlotOptimizer, type NamedVariable } from './optimizer';

/** Configuration of {@link AdafactorOptimizer}. */
export interface AdafactorConfig {
  /** Exponent of the second-moment decay: `β2_t = 1 - t^(-decayRate)`. @defaultValue 0.8 */
  readonly decayRate: number;
  /** Update clipping threshold d on the update's RMS. @defaultValue 1.0 */
  readonly clipThreshold: number;
  /** ε1, added to the squared gradient. @defaultValue 1e-30 */
  readonly epsilon1: number;
  /** β1 of an optional first moment of the update; `null` for none (T5). @defaultValue null */
  readonly beta1: number | null;
  /** Weight decay, scaled by the learning rate. @defaultValue 0 */
  readonly weightDecay: number;
}

/** Defaults of {@link AdafactorConfig} (T5's fine-tuning Adafactor). */
export const DEFAULT_ADAFACTOR: AdafactorConfig = Object.freeze({
  decayRate: 0.8,
  clipThreshold: 1.0,
  epsilon1: 1e-30,
  beta1: null,
  weightDecay: 0,
});

/**
 * Fills defaults and validates.
 * @throws `ConfigError` naming the field.
 */
export function resolveAdafactor(options: Partial<AdafactorConfig> = {}): AdafactorConfig {
  rejectUnknownKeys(options, Object.keys(DEFAULT_ADAFACTOR), 'optimizer');
  const c = { ...DEFAULT_ADAFACTOR, ...options };
  if (!(c.decayRate > 0 && c.decayRate <= 1))
    throw new ConfigError('optimizer.decayRate', c.decayRate, 'a number in (0, 1]');
  if (!(c.clipThreshold > 0))
    throw new ConfigError('optimizer.clipThreshold', c.clipThreshold, 'a positive number');
  if (!(c.epsilon1 > 0)) throw new ConfigError('optimizer.epsilon1', c.epsilon1, 'a positive number');
  if (c.beta1 !== null && !(c.beta1 >= 0 && c.beta1 < 1))
    throw new ConfigError('optimizer.beta1', c.beta1, 'null or a number in [0, 1)');
  if (!(c.weightDecay >= 0)) throw new ConfigError('optimizer.weightDecay', c.weightDecay, 'a number >= 0');
  return Object.freeze(c);
}

/** Root mean square of all elements. */
function rms(x: tf.Tensor): tf.Scalar {
  return x.square().mean().sqrt() as tf.Scalar;
}

/**
 * Adafactor with explicit state: slots `row` `[..., R]` and `col` `[..., C]` for rank ≥ 2,
 * `v` for vectors and scalars, `m` with a first moment.
 *
 * @example
 * ```ts
 * const opt = new AdafactorOptimizer();
 * opt.apply(params, grads, 1e-3); // T5's constant 1e-3 fine-tuning rate
 * ```
 */
export class AdafactorOptimizer extends SlotOptimizer {
  /** Always `adafactor`. */
  readonly kind = 'adafactor';
  /** The resolved configuration. */
  readonly config: AdafactorConfig;

  /** @param options - see {@link AdafactorConfig}. */
  constructor(options: Partial<AdafactorConfig> = {}) {
    super();
    this.config = resolveAdafactor(options);
  }

  apply(params: readonly NamedVariable[], grads: readonly tf.Tensor[], lr: number): void {
    checkGradients(params, grads);
    const { decayRate, clipThreshold, epsilon1, beta1, weightDecay } = this.config;
    const t = this.step + 1;
    const beta2t = 1 - t ** -decayRate;
    params.forEach(({ name, variable }, i) => {
      tf.tidy(() => {
        const g = grads[i];
        const squared = g.square().add(epsilon1);
        let update: tf.Tensor;
        if (g.rank >= 2) {
          const row0 = this.slots.get(name, 'row') ?? tf.zeros(g.shape.slice(0, -1));
          const col0 =
            this.slots.get(name, 'col') ?? tf.zeros([...g.shape.slice(0, -2), g.shape[g.rank - 1]]);
          const row = row0.mul(beta2t).add(squared.mean(-1).mul(1 - beta2t)); // [..., R]
          const col = col0.mul(beta2t).add(squared.mean(-2).mul(1 - beta2t)); // [..., C]
          const rowFactor = row.div(row.mean(-1, true)).rsqrt().expandDims(-1); // [..., R, 1]
          const colFactor = col.expandDims(-2).rsqrt(); // [..., 1, C]
          update = rowFactor.mul(colFactor).mul(g); // [..., R, C]
          this.slots.set(name, 'row', row);
          this.slots.set(name, 'col', col);
        } else {
          const v0 = this.slots.get(name, 'v') ?? tf.zerosLike(g);
          const v = v0.mul(beta2t).add(squared.mul(1 - beta2t));
          update = v.rsqrt().mul(g);
          this.slots.set(name, 'v', v);
        }
        update = update.div(rms(update).div(clipThreshold).maximum(1)).mul(lr);
        if (beta1 !== null) {
          const m0 = this.slots.get(name, 'm') ?? tf.zerosLike(g);
          update = m0.mul(beta1).add(update.mul(1 - beta1));
          this.slots.set(name, 'm', update);
        }
        let p: tf.Tensor = variable;
        if (weightDecay > 0) p = p.add(p.mul(-weightDecay * lr));
        variable.assign(p.sub(update));
      });
    });
    this.advance();
  }
}
