/**
 * Adam and AdamW, as `torch.optim.Adam` / `torch.optim.AdamW` compute them: bias-corrected
 * first and second moments, `eps` added to the corrected root second moment; Adam adds
 * `weightDecay * param` to the gradient (L2), AdamW decays the parameter directly
 * (decoupled, `param *= 1 - lr * weightDecay`). Variables whose name contains one of
 * `noDecay` are not decayed (Hugging Face's `no_decay = ["bias", "LayerNorm.weight"]`).
 *
 * @packageDocumentation
 */
import * as tf from '@tensorflow/tfjs';
import { ConfigError, rejectUnknownKeys } from '@hyperprompt/core';
import { checkGradients, SlotOptimizer, type NamedVariable } from './optimizer';

/** Configuration of {@link AdamOptimizer}. */
export interface AdamConfig {
  /** Decoupled weight decay (AdamW) or L2 added to the gradient (Adam). @defaultValue true */
  readonly decoupled: boolean;
  /** β1, decay of the first moment. @defaultValue 0.9 */
  readonly beta1: number;
  /** β2, decay of the second moment. @defaultValue 0.999 */
  readonly beta2: number;
  /** ε added to the bias-corrected root second moment. @defaultValue 1e-8 */
  readonly epsilon: number;
  /** Weight decay coefficient. @defaultValue 0 */
  readonly weightDecay: number;
  /** Substrings of variable names that are never decayed. @defaultValue `['layer_norm', 'bias']` */
  readonly noDecay: readonly string[];
}

/** Defaults of {@link AdamConfig} (AdamW with Hugging Face's defaults). */
export const DEFAULT_ADAM: AdamConfig = Object.freeze({
  decoupled: true,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
  weightDecay: 0,
  noDecay: Object.freeze(['layer_norm', 'bias']),
});

/**
 * Fills defaults and validates.
 * @throws `ConfigError` naming the field.
 */
export function resolveAdam(options: Partial<AdamConfig> = {}): AdamConfig {
  rejectUnknownKeys(options, Object.keys(DEFAULT_ADAM), 'optimizer');
  const c = { ...DEFAULT_ADAM, ...options };
  for (const key of ['beta1', 'beta2'] as const) {
    if (!(c[key] >= 0 && c[key] < 1)) throw new ConfigError(`optimizer.${key}`, c[key], 'a number in [0, 1)');
  }
  if (!(c.epsilon > 0)) throw new ConfigError('optimizer.epsilon', c.epsilon, 'a positive number');
  if (!(c.weightDecay >= 0)) throw new ConfigError('optimizer.weightDecay', c.weightDecay, 'a number >= 0');
  if (typeof c.decoupled !== 'boolean')
    throw new ConfigError('optimizer.decoupled', c.decoupled, [true, false]);
  const noDecay: unknown = c.noDecay;
  if (!Array.isArray(noDecay) || noDecay.some((s) => typeof s !== 'string')) {
    throw new ConfigError('optimizer.noDecay', noDecay, 'an array of name substrings');
  }
  return Object.freeze({ ...c, noDecay: Object.freeze([...(noDecay as string[])]) });
}

/**
 * Adam / AdamW with explicit state.
 *
 * @example
 * ```ts
 * const opt = new AdamOptimizer({ weightDecay: 0.01 }); // AdamW
 * opt.apply(params, grads, 3e-4);
 * ```
 */
export class AdamOptimizer extends SlotOptimizer {
  /** The resolved configuration. */
  readonly config: AdamConfig;

  /** @param options - see {@link AdamConfig}. */
  constructor(options: Partial<AdamConfig> = {}) {
    super();
    this.config = resolveAdam(options);
  }

  /** `adamw` when the decay is decoupled, else `adam`. */
  get kind(): 'adam' | 'adamw' {
    return this.config.decoupled ? 'adamw' : 'adam';
  }

  apply(params: readonly NamedVariable[], grads: readonly tf.Tensor[], lr: number): void {
    checkGradients(params, grads);
    const { beta1, beta2, epsilon, weightDecay, decoupled, noDecay } = this.config;
    const t = this.step + 1;
    const stepSize = lr / (1 - beta1 ** t);
    const correction2 = Math.sqrt(1 - beta2 ** t);
    params.forEach(({ name, variable }, i) => {
      const decay = weightDecay > 0 && !noDecay.some((s) => name.includes(s)) ? weightDecay : 0;
      tf.tidy(() => {
        let g = grads[i];
        let p: tf.Tensor = variable;
        if (decay > 0 && !decoupled) g = g.add(p.mul(decay));
        if (decay > 0 && decoupled) p = p.mul(1 - lr * decay);
        const m0 = this.slots.get(name, 'm') ?? tf.zerosLike(g);
        const v0 = this.slots.get(name, 'v') ?? tf.zerosLike(g);
        const m = m0.mul(beta1).add(g.mul(1 - beta1));
        const v = v0.mul(beta2).add(g.square().mul(1 - beta2));
        const denom = v.sqrt().div(correction2).add(epsilon);
        variable.assign(p.sub(m.div(denom).mul(stepSize)));
        this.slots.set(name, 'm', m);
        this.slots.set(name, 'v', v);
      });
    });
    this.advance();
  }
}
