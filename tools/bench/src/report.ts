/**
 * Text report of benchmark results: one table per configuration (ms, GFLOP/s and the
 * speedup over the case's naive baseline, all from the same process) and one table across
 * configurations with the same sizes (with the thread speedup measured in the same run).
 *
 * @packageDocumentation
 */
import { median } from './timing';
import type { CaseResult, ConfigResult, VariantResult } from './worker';

/** A Markdown table; the first `textColumns` columns are left-aligned, the rest right-aligned. */
function table(header: readonly string[], rows: readonly string[][], textColumns = 2): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((c, i) => (i < textColumns ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i < textColumns ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

const ms = (value: number): string =>
  value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
const ratio = (value: number): string => `${value.toFixed(2)}x`;

/** Pools the samples of the same configuration from several rounds and re-takes medians. */
export function mergeRounds(rounds: readonly ConfigResult[]): ConfigResult {
  const [first] = rounds;
  const cases: CaseResult[] = first.cases.map((c, ci) => ({
    ...c,
    variants: c.variants.map((v, vi): VariantResult => {
      const samplesMs = rounds.flatMap((r) => r.cases[ci].variants[vi].samplesMs);
      const value = median(samplesMs);
      const leakedTensors = Math.max(...rounds.map((r) => r.cases[ci].variants[vi].leakedTensors));
      return {
        ...v,
        ms: value,
        samplesMs,
        leakedTensors,
        gflops: c.flops === undefined ? undefined : c.flops / value / 1e6,
      };
    }),
  }));
  return { ...first, cases };
}

/** One configuration's table. */
export function configTable(result: ConfigResult): string {
  const b = result.backend;
  const title = `${result.id}: ${b.name}${b.simd ? ' simd' : ''}, ${b.threads} thread(s), ${result.sizes} sizes`;
  const rows: string[][] = [];
  for (const c of result.cases) {
    const base = c.variants[0].ms;
    c.variants.forEach((v, i) => {
      const leak = v.leakedTensors === 0 ? '' : ` (leaked ${v.leakedTensors})`;
      rows.push([
        i === 0 ? c.name : '',
        v.variant + leak,
        ms(v.ms),
        v.gflops === undefined ? '-' : v.gflops.toFixed(2),
        c.variants.length === 1 ? '' : ratio(base / v.ms),
      ]);
    });
  }
  const loss = result.initialLoss;
  const lossLine = `initial loss: naive ${loss.naive.toFixed(6)}, fast ${loss.fast.toFixed(6)}`;
  return [
    `### ${title}`,
    '',
    table(['case', 'variant', 'ms', 'GFLOP/s', 'speedup vs naive'], rows),
    '',
    lossLine,
  ].join('\n');
}

/** Side-by-side ms of configurations with the same sizes, with `base`/`other` speedups. */
export function comparisonTable(
  results: readonly ConfigResult[],
  base: string,
  other: string,
): string | undefined {
  const a = results.find((r) => r.id === base);
  const b = results.find((r) => r.id === other);
  if (!a || !b || a.sizes !== b.sizes) return undefined;
  const rows: string[][] = [];
  a.cases.forEach((c, ci) =>
    c.variants.forEach((v, vi) => {
      const w = b.cases[ci].variants[vi];
      rows.push([vi === 0 ? c.name : '', v.variant, ms(v.ms), ms(w.ms), ratio(v.ms / w.ms)]);
    }),
  );
  const header = ['case', 'variant', `${base} ms`, `${other} ms`, `speedup ${other} vs ${base}`];
  return [`### ${other} vs ${base} (${a.sizes} sizes)`, '', table(header, rows)].join('\n');
}
