/**
 * Closed-form parameter counts of every variant (derived from the generating equations, with
 * our options) and the paper-style table of extra parameters as a percentage of the backbone.
 *
 * With M prompted sites, K tasks, P prompt length, D d_model, NH = N·H, b bottleneck:
 * - global prompts (Share, Sep, Global): `K·P·D` (per-task);
 * - Share: `2·M·(D·b + b·NH)` (shared), plus `2·M·(b + NH)` with `localBias`;
 * - Sep: `2·K·M·(D·b + b·NH)` (per-task), plus biases likewise;
 * - Global: `K·t'` task embeddings (per-task); layer-embedding rows × z, the projector
 *   `(t'+z)·e + e + e·t + t` (+ `2t` with the LayerNorm on I, the default) and the generators `2·t·(D·b + b·NH)`
 *   (+ outputs with biases) (hypernetwork);
 * - static: `K·M·2·P·NH` (per-task).
 *
 * @packageDocumentation
 */
import {
  type BackboneSpec,
  breakdown,
  ConfigError,
  extraParameters,
  formatCount,
  formatPercent,
  type ParameterBreakdown,
  type ResolveContext,
} from '@hyperprompt/core';
import { type HyperPromptConfig, type HyperPromptOptions, resolveHyperPrompt } from './config';
import { GlobalHyperNetworks } from './global-nets';
import { localNetParameters } from './local-nets';
import { hyperPromptSites } from './sites';

/** Closed-form parameter count of a resolved config on a backbone, by category. */
export function countHyperPromptParameters(
  config: HyperPromptConfig,
  spec: BackboneSpec,
): ParameterBreakdown {
  const sites = hyperPromptSites(config, spec);
  const m = sites.length;
  const k = config.numTasks;
  const inner = spec.numHeads * spec.headDim;
  if (config.variant === 'static') return breakdown({ 'per-task': k * m * 2 * config.promptLength * inner });
  const prompts = k * config.promptLength * spec.dModel;
  const local = 2 * m * localNetParameters(config, spec.dModel, inner);
  switch (config.variant) {
    case 'share':
      return breakdown({ 'per-task': prompts, shared: local });
    case 'sep':
      return breakdown({ 'per-task': prompts + k * local });
    case 'global': {
      const g = GlobalHyperNetworks.parameters(config, spec, sites);
      return breakdown({ 'per-task': prompts + g.perTask, hypernetwork: g.hypernetwork });
    }
  }
}

/** A backbone for the parameter table: a name, its spec and its own parameter count. */
export interface NamedBackbone {
  /** Row label, e.g. `t5.1.1-base`. */
  readonly name: string;
  /** Architecture facts. */
  readonly spec: BackboneSpec;
  /** Parameters of the backbone alone (the denominator of the percentage). */
  readonly parameters: number;
}

/** One row of {@link hyperPromptParameterTable}. */
export interface HyperPromptParameterRow {
  /** Backbone name. */
  readonly backbone: string;
  /** The resolved config of the row. */
  readonly config: HyperPromptConfig;
  /** Parameters the method adds. */
  readonly extra: number;
  /** `extra` as a percentage of the backbone's parameters. */
  readonly percent: number;
}

/**
 * Extra parameters of HyperPrompt as a percentage of each backbone, one row per backbone and
 * per option set (e.g. each variant at the same l, b, t). Backbone specs come from the caller
 * (a method never imports the backbone package).
 *
 * @example
 * ```ts
 * const rows = hyperPromptParameterTable(
 *   [{ name: 't5-base', spec: t5BaseSpec, parameters: 222_903_552 }],
 *   [{ variant: 'share' }, { variant: 'global' }],
 *   { numTasks: 8 },
 * );
 * console.log(formatHyperPromptParameterTable(rows));
 * ```
 */
export function hyperPromptParameterTable(
  backbones: readonly NamedBackbone[],
  settings: readonly HyperPromptOptions[],
  context: ResolveContext,
): HyperPromptParameterRow[] {
  return backbones.flatMap((b) => {
    if (!Number.isInteger(b.parameters) || b.parameters <= 0) {
      throw new ConfigError(`backbones.${b.name}.parameters`, b.parameters, 'a positive integer');
    }
    return settings.map((options) => {
      const config = resolveHyperPrompt(options, b.spec, context);
      const extra = extraParameters(countHyperPromptParameters(config, b.spec));
      return { backbone: b.name, config, extra, percent: (100 * extra) / b.parameters };
    });
  });
}

/** Markdown table of {@link hyperPromptParameterTable} rows: backbone, variant, l, b, t, extra, %. */
export function formatHyperPromptParameterTable(rows: readonly HyperPromptParameterRow[]): string {
  const header = ['backbone', 'variant', 'l', 'b', 't', 'extra parameters', '% of backbone'];
  const lines = [
    `| ${header.join(' | ')} |`,
    `|${header.map((_, i) => (i < 2 ? '---' : '---:')).join('|')}|`,
  ];
  for (const r of rows) {
    const c = r.config;
    const t = c.variant === 'global' ? String(c.projectedDim) : '-';
    const b = c.variant === 'static' ? '-' : String(c.bottleneck);
    const cells = [
      r.backbone,
      c.variant,
      String(c.promptLength),
      b,
      t,
      formatCount(r.extra),
      formatPercent(r.percent),
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}
