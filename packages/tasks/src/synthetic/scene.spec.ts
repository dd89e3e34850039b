import { Rng } from '@hyperprompt/core';
import { LEXICON } from './lexicon';
import { agreeingSlots, changeSlot, other, randomScene, SCENE_SLOTS, slotPresent } from './scene';
import { formatSimilarityTarget } from './suite';
import { similarityScore } from './sources-pair';

describe('scenes', () => {
  it('changing m distinct slots leaves 8 - m agreeing', () => {
    const rng = new Rng(4);
    for (let trial = 0; trial < 300; trial++) {
      const a = randomScene(rng, LEXICON, 0.5);
      const m = trial % 9;
      const order = rng.permutation(8);
      let b = a;
      for (let i = 0; i < m; i++) b = changeSlot(rng, LEXICON, b, SCENE_SLOTS[order[i]], true);
      expect(agreeingSlots(a, b)).toBe(8 - m);
    }
  });

  it('without presence changes, a changed optional slot stays said', () => {
    const rng = new Rng(5);
    for (let trial = 0; trial < 200; trial++) {
      const a = randomScene(rng, LEXICON, 1);
      for (const slot of SCENE_SLOTS)
        expect(slotPresent(changeSlot(rng, LEXICON, a, slot, false), slot)).toBe(true);
    }
  });

  it('other() never returns the current value and covers the rest', () => {
    const rng = new Rng(6);
    const seen = new Set<number>();
    for (let i = 0; i < 500; i++) {
      const v = other(rng, 5, 2);
      expect(v).not.toBe(2);
      seen.add(v);
    }
    expect([...seen].sort()).toEqual([0, 1, 3, 4]);
  });
});

describe('formatSimilarityTarget', () => {
  it("rounds to the 0.2 grid with one decimal, halves to even as T5's tf.round", () => {
    expect(formatSimilarityTarget(0)).toBe('0.0');
    expect(formatSimilarityTarget(5)).toBe('5.0');
    expect(formatSimilarityTarget(3.125)).toBe('3.2');
    expect(formatSimilarityTarget(2.5)).toBe('2.4'); // 12.5 -> 12
    expect(formatSimilarityTarget(0.3)).toBe('0.4'); // 1.5 -> 2
    expect(formatSimilarityTarget(3.79)).toBe('3.8');
    expect(Array.from({ length: 9 }, (_, m) => formatSimilarityTarget(similarityScore(m)))).toEqual([
      '5.0',
      '4.4',
      '3.8',
      '3.2',
      '2.4',
      '1.8',
      '1.2',
      '0.6',
      '0.0',
    ]);
  });
});
