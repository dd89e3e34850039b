import { COMPARISON, SWEEP } from './__fixtures__/runs';
import { ablationRows, attentionRows, learningCurveRows } from './plot-data';
import {
  VEGA_LITE_SCHEMA,
  ablationSpec,
  attentionSpec,
  learningCurveSpec,
  perTaskCurvesSpec,
  type VegaLiteSpec,
} from './plot-specs';

/** Reads a nested value of a spec. */
function at(spec: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], spec);
}

/** Mark types of a layered spec. */
function markTypes(spec: VegaLiteSpec | undefined): unknown[] {
  return (spec?.layer as { mark: { type: string } }[]).map((l) => l.mark.type);
}

describe('learningCurveSpec', () => {
  const rows = learningCurveRows(COMPARISON, false);
  const spec = learningCurveSpec(rows, { labels: ['MTL', 'HyperPrompt-Global', 'Prompt-Tuning'] });

  it('plots score against step, coloured by method in table order, 480 wide', () => {
    expect(spec.$schema).toBe(VEGA_LITE_SCHEMA);
    expect(at(spec, 'title.text')).toBe('Learning curves');
    expect(at(spec, 'data.values')).toBe(rows);
    expect(spec.width).toBe(480);
    expect(at(spec, 'encoding.x')).toMatchObject({
      field: 'step',
      type: 'quantitative',
      title: 'Training step',
    });
    expect(at(spec, 'encoding.color')).toMatchObject({
      field: 'label',
      title: 'Method',
      sort: ['MTL', 'HyperPrompt-Global', 'Prompt-Tuning'],
    });
    expect(markTypes(spec)).toEqual(['area', 'line']);
    expect(at(spec, 'layer.0.encoding')).toMatchObject({ y: { field: 'lower' }, y2: { field: 'upper' } });
    expect(at(spec, 'layer.1.encoding.y')).toMatchObject({ field: 'score', title: 'Average score (0-100)' });
  });

  it('drops the band on request and follows the width', () => {
    const plain = learningCurveSpec(rows, { band: false, width: 300 });
    expect(markTypes(plain)).toEqual(['line']);
    expect(plain.width).toBe(300);
    expect(at(plain, 'encoding.color.sort')).toBeUndefined();
  });
});

describe('perTaskCurvesSpec', () => {
  it('facets by task in task order, with independent y scales', () => {
    const spec = perTaskCurvesSpec(learningCurveRows(COMPARISON, true));
    expect(at(spec, 'facet')).toMatchObject({ field: 'task', sort: ['rte', 'sst2'] });
    expect(spec.columns).toBe(2);
    expect(at(spec, 'resolve.scale.y')).toBe('independent');
    expect(at(spec, 'spec.width')).toBe(240);
    expect(markTypes(spec.spec as VegaLiteSpec)).toEqual(['area', 'line']);
  });
});

describe('ablationSpec', () => {
  it('puts the swept value on x (quantitative for numbers) and one line per group', () => {
    const spec = ablationSpec(
      ablationRows(SWEEP, 'methods.0.promptLength'),
      'methods.0.promptLength',
      'Average score (0-100)',
    );
    expect(at(spec, 'title.text')).toBe('Ablation: promptLength');
    expect(at(spec, 'title.subtitle')).toContain('methods.0.promptLength');
    expect(at(spec, 'encoding.x')).toMatchObject({
      field: 'value',
      type: 'quantitative',
      title: 'promptLength',
    });
    expect(at(spec, 'encoding.color.field')).toBe('group');
    expect(markTypes(spec)).toEqual(['rule', 'line']);
    expect(at(spec, 'layer.1.encoding.y.title')).toBe('Average score (0-100)');
  });

  it('uses an ordinal axis for non-numeric values', () => {
    const rows = [{ value: 'share', group: 'g', score: 1, lower: 1, upper: 1, seeds: 1 }];
    expect(at(ablationSpec(rows, 'variant', 'y'), 'encoding.x.type')).toBe('ordinal');
  });
});

describe('attentionSpec', () => {
  it('draws grouped bars: layer on x, colour and offset by stack, one panel per label', () => {
    const spec = attentionSpec(attentionRows(COMPARISON));
    expect(at(spec, 'title.text')).toBe('Attention mass on hyper-prompts per layer');
    expect(at(spec, 'facet')).toMatchObject({ field: 'label', sort: ['HyperPrompt-Global'] });
    expect(at(spec, 'spec.mark.type')).toBe('bar');
    expect(at(spec, 'spec.encoding.x')).toMatchObject({ field: 'layer', type: 'ordinal', title: 'Layer' });
    expect(at(spec, 'spec.encoding.xOffset.field')).toBe('stack');
    expect(at(spec, 'spec.encoding.color')).toMatchObject({ field: 'stack', title: 'Stack' });
    expect(at(spec, 'spec.encoding.y')).toMatchObject({ field: 'mass', title: 'Attention mass' });
  });
});
