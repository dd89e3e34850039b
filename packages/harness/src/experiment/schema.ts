/**
 * Validation of experiment and sweep files against the JSON Schemas generated from the
 * TypeScript types (`schema/*.schema.json`), with ajv. A failure becomes one `ConfigError`
 * naming the field path (`optimizer.kind`, `methods.0.promptLength`) and what is allowed
 * (enum values, the expected type, the known keys of an object with an unknown key).
 *
 * @packageDocumentation
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '@hyperprompt/core';
import { Ajv, type ValidateFunction } from 'ajv';
import { explainSchemaError, type JsonSchema } from './schema-explain';

/** The folder holding the generated schemas (the package's `schema/`, beside `src/` and `dist/`). */
export const SCHEMA_DIR: string = join(__dirname, '..', '..', 'schema');

/** The schemas the harness validates against. */
export type SchemaName = 'experiment' | 'sweep';

const validators = new Map<SchemaName, { validate: ValidateFunction; schema: JsonSchema }>();

/**
 * The parsed JSON Schema of a file kind.
 *
 * @param name - `experiment` or `sweep`.
 * @returns the schema object (as in `schema/<name>.schema.json`).
 */
export function loadSchema(name: SchemaName): JsonSchema {
  return JSON.parse(readFileSync(join(SCHEMA_DIR, `${name}.schema.json`), 'utf8')) as JsonSchema;
}

function validatorOf(name: SchemaName): { validate: ValidateFunction; schema: JsonSchema } {
  let entry = validators.get(name);
  if (entry === undefined) {
    const schema = loadSchema(name);
    const ajv = new Ajv({ allErrors: false, strict: false });
    entry = { validate: ajv.compile(schema), schema };
    validators.set(name, entry);
  }
  return entry;
}

/**
 * Validates a parsed JSON value against a schema.
 *
 * @param name - which schema.
 * @param value - the parsed file.
 * @param source - the file (or a description), prefixed to the field in errors.
 * @throws ConfigError naming the first bad field and what it allows; unknown keys are errors.
 */
export function validateAgainstSchema(name: SchemaName, value: unknown, source?: string): void {
  const { validate, schema } = validatorOf(name);
  if (validate(value)) return;
  const problem = explainSchemaError(schema, value);
  const first = validate.errors?.[0];
  const field = problem?.field ?? (first?.instancePath.slice(1).replaceAll('/', '.') || '(root)');
  const prefixed = source === undefined ? field : `${source}: ${field}`;
  if (problem !== undefined) throw new ConfigError(prefixed, problem.value, problem.allowed);
  throw new ConfigError(prefixed, undefined, first?.message ?? `a valid ${name} file`);
}
