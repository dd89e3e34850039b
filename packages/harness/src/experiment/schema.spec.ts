import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createGenerator } from 'ts-json-schema-generator';
import { SCHEMA_DIR, validateAgainstSchema } from './schema';

const PACKAGE_DIR = join(__dirname, '..', '..');

describe('generated JSON Schemas', () => {
  // The schemas are generated from the TypeScript types by `npm run schema`; this fails when a
  // type changed and the committed schema was not regenerated.
  it('are up to date with the TypeScript types (run `npm run schema` if not)', () => {
    const generator = createGenerator({
      path: join(PACKAGE_DIR, 'src', 'experiment', 'sweep-types.ts'),
      tsconfig: join(SCHEMA_DIR, 'tsconfig.json'),
      skipTypeCheck: true,
    });
    for (const [file, type] of [
      ['experiment.schema.json', 'ExperimentFile'],
      ['sweep.schema.json', 'SweepFile'],
    ]) {
      const committed: unknown = JSON.parse(readFileSync(join(SCHEMA_DIR, file), 'utf8'));
      expect({ file, schema: JSON.parse(JSON.stringify(generator.createSchema(type))) as unknown }).toEqual({
        file,
        schema: committed,
      });
    }
  });

  it('forbid unknown keys in every object of the experiment file', () => {
    const schema = JSON.parse(readFileSync(join(SCHEMA_DIR, 'experiment.schema.json'), 'utf8')) as {
      definitions: Record<string, { type?: string; properties?: object; additionalProperties?: unknown }>;
    };
    const open = Object.entries(schema.definitions).filter(
      ([, d]) => d.type === 'object' && d.properties !== undefined && d.additionalProperties !== false,
    );
    expect(open.map(([name]) => name)).toEqual([]);
  });

  it('accept a sweep file and name the field of a bad one', () => {
    expect(() =>
      validateAgainstSchema('sweep', {
        name: 's',
        base: 'base.json',
        grid: { 'methods.0.promptLength': [1, 2] },
      }),
    ).not.toThrow();
    expect(() =>
      validateAgainstSchema('sweep', { name: 's', base: 'b.json', grid: { steps: 3 } }, 's.json'),
    ).toThrow('s.json: grid.steps: got 3, expected an array');
    expect(() =>
      validateAgainstSchema('sweep', { name: 's', base: { name: 'x', tasks: [], steps: 'many' }, grid: {} }),
    ).toThrow('base.steps: got "many", expected a number');
  });
});
