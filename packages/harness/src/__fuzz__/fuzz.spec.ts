/**
 * The fuzzer in-process on a few hundred cases (CI also runs 200 through `main.js` with the
 * hang watchdog, and 2,000 on demand): every case ends in a typed error or a correct load,
 * and the mutations reach every target and outcome, NaN/±Infinity injections included.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import {
  createFuzzFixtures,
  type FuzzCase,
  FUZZ_TARGETS,
  type FuzzFixtures,
  runFuzzCase,
  summarizeFuzz,
} from './fuzz';

const CASES = 300;

describe('checkpoint and data-file fuzzer', () => {
  let fixtures: FuzzFixtures;
  const cases: FuzzCase[] = [];
  beforeAll(async () => {
    await tf.setBackend('cpu');
    fixtures = createFuzzFixtures(mkdtempSync(join(tmpdir(), 'fuzz-spec-')));
    for (let i = 0; i < CASES; i++) cases.push(await runFuzzCase(fixtures, 1, i));
  });
  afterAll(() => fixtures.dispose());

  it('ends every case in a typed error or a correct load', () => {
    const { failures } = summarizeFuzz(cases);
    expect(
      failures.map((c) => `${c.index} ${c.target} ${c.file}: ${c.mutation} -> ${c.outcome}: ${c.detail}`),
    ).toEqual([]);
  });

  it('reaches every target and outcome, and refuses every injected non-finite value', () => {
    const { outcomes, byTarget } = summarizeFuzz(cases);
    expect(Object.keys(byTarget).sort()).toEqual([...FUZZ_TARGETS].sort());
    for (const outcome of ['loaded', 'CheckpointError', 'DataError', 'ConfigError']) {
      expect(outcomes[outcome]).toBeGreaterThan(0);
    }
    const injected = cases.filter(
      (c) => c.mutation.startsWith('non-finite') && !c.mutation.includes('; then'),
    );
    expect(injected.length).toBeGreaterThan(20);
    expect(injected.every((c) => c.outcome === 'CheckpointError' && /not finite/.test(c.detail ?? ''))).toBe(
      true,
    );
    const invalidUtf8 = cases.filter(
      (c) => /^(invalid UTF-8|multi-byte character)/.test(c.mutation) && !c.mutation.includes('; then'),
    );
    expect(invalidUtf8.length).toBeGreaterThan(10);
    expect(
      invalidUtf8.every((c) => c.outcome === 'DataError' && /not valid UTF-8/.test(c.detail ?? '')),
    ).toBe(true);
  });

  it('replays a case exactly from its seed and index', async () => {
    const again = await runFuzzCase(fixtures, 1, 17);
    expect(again).toEqual(cases[17]);
  });
});
