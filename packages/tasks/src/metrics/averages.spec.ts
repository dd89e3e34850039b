import { ConfigError } from '@hyperprompt/core';
import { benchmarkScore, taskScore } from './averages';

describe('benchmark averages (T5 convention)', () => {
  it("averages a task's metrics, then tasks without weights", () => {
    const mrpc = taskScore({ f1: 0.9, accuracy: 0.86 });
    const stsb = taskScore({ pearson: 0.88, spearman: 0.87 });
    const cola = taskScore({ matthews: 0.5 });
    expect(mrpc).toBeCloseTo(0.88, 15);
    expect(benchmarkScore({ mrpc, stsb, cola })).toBeCloseTo((0.88 + 0.875 + 0.5) / 3, 15);
  });

  it('propagates NaN', () => {
    expect(taskScore({ pearson: NaN, spearman: NaN })).toBeNaN();
  });

  it('rejects empty records and non-numbers', () => {
    expect(() => taskScore({})).toThrow(ConfigError);
    expect(() => benchmarkScore({})).toThrow('benchmarkScore.taskScores');
    expect(() => taskScore({ f1: '0.9' as unknown as number })).toThrow('taskScore.metrics.f1');
  });
});
