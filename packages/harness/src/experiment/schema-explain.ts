/**
 * Explains why a value fails a JSON Schema, as one field path and what that field allows.
 * ajv decides validity; this walker only finds the most helpful culprit, which ajv's raw
 * errors do not give for unions (`anyOf` reports every branch). For a union of objects it
 * picks the branch the value means: the one whose discriminant (`const` property, e.g.
 * `kind`, `type`) matches, else the one whose required keys are present.
 *
 * @packageDocumentation
 */

/** The subset of JSON Schema (draft-07) the generated schemas use. */
export interface JsonSchema {
  /** Reference to a definition, `#/definitions/<name>`. */
  readonly $ref?: string;
  /** Named sub-schemas. */
  readonly definitions?: Readonly<Record<string, JsonSchema>>;
  /** JSON type(s). */
  readonly type?: string | readonly string[];
  /** Allowed values. */
  readonly enum?: readonly unknown[];
  /** The only allowed value. */
  readonly const?: unknown;
  /** Object properties. */
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  /** Required keys. */
  readonly required?: readonly string[];
  /** `false` (unknown keys are errors) or the schema of other values. */
  readonly additionalProperties?: boolean | JsonSchema;
  /** Array items. */
  readonly items?: JsonSchema;
  /** Alternatives. */
  readonly anyOf?: readonly JsonSchema[];
  /** Human description. */
  readonly description?: string;
}

/** The culprit of a schema failure. */
export interface SchemaProblem {
  /** Dotted path of the field (`methods.0.kind`); `(root)` for the whole value. */
  readonly field: string;
  /** The offending value (`'unknown field'` for an unknown key). */
  readonly value: unknown;
  /** What is allowed: a list of values or words. */
  readonly allowed: string | readonly unknown[];
}

type Json = unknown;

function jsonType(value: Json): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeMatches(expected: string, value: Json): boolean {
  const actual = jsonType(value);
  return expected === actual || (expected === 'number' && actual === 'integer');
}

function deref(root: JsonSchema, schema: JsonSchema): JsonSchema {
  let s = schema;
  while (s.$ref !== undefined) {
    const name = decodeURIComponent(s.$ref.replace(/^#\/definitions\//, ''));
    const target = root.definitions?.[name];
    if (target === undefined) return {};
    s = target;
  }
  return s;
}

/** The JSON types a schema names (empty when it names none). */
function typesOf(schema: JsonSchema): readonly string[] {
  const t = schema.type;
  return t === undefined ? [] : typeof t === 'string' ? [t] : t;
}

const join = (path: string, key: string | number): string => (path === '' ? String(key) : `${path}.${key}`);

const article = (type: string): string => (/^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`);

function describeTypes(types: readonly string[]): string {
  return types.map((t) => (t === 'null' ? 'null' : article(t))).join(' or ');
}

/** Values a schema allows when it is only enums/consts (possibly through a union), else undefined. */
function literalValues(root: JsonSchema, schema: JsonSchema): unknown[] | undefined {
  const s = deref(root, schema);
  if (s.enum !== undefined) return [...s.enum];
  if ('const' in s) return [s.const];
  if (s.anyOf !== undefined) {
    const parts = s.anyOf.map((b) => literalValues(root, b));
    return parts.every((p) => p !== undefined) ? parts.flat() : undefined;
  }
  return undefined;
}

/** Picks the union branch an object value means. */
function pickBranch(
  root: JsonSchema,
  branches: readonly JsonSchema[],
  value: Json,
): JsonSchema | SchemaProblem {
  const objects = branches.map((b) => deref(root, b)).filter((b) => b.properties !== undefined);
  const record = value as Record<string, unknown>;
  const discriminant = Object.keys(objects[0]?.properties ?? {}).find((key) =>
    objects.every((b) => b.properties?.[key] !== undefined && 'const' in deref(root, b.properties[key])),
  );
  if (discriminant !== undefined && objects.length > 1) {
    const match = objects.find(
      (b) => deref(root, b.properties?.[discriminant] ?? {}).const === record[discriminant],
    );
    if (match !== undefined) return match;
    const allowed = objects.map((b) => deref(root, b.properties?.[discriminant] ?? {}).const);
    return { field: discriminant, value: record[discriminant], allowed };
  }
  const known = [...new Set(objects.flatMap((b) => Object.keys(b.properties ?? {})))];
  const complete = objects.some((b) => (b.required ?? []).every((k) => k in record));
  const unknown = Object.keys(record).find((k) => !known.includes(k));
  if (!complete && unknown !== undefined) return { field: unknown, value: 'unknown field', allowed: known };
  const score = (b: JsonSchema): number =>
    (b.required ?? []).every((k) => k in record)
      ? 1000
      : Object.keys(record).filter((k) => k in (b.properties ?? {})).length;
  return [...objects].sort((a, b) => score(b) - score(a))[0] ?? branches[0];
}

function explainObject(
  root: JsonSchema,
  s: JsonSchema,
  value: Record<string, unknown>,
  path: string,
): SchemaProblem | undefined {
  const properties = s.properties ?? {};
  for (const key of s.required ?? []) {
    if (!(key in value))
      return { field: join(path, key), value: undefined, allowed: 'a value (the field is required)' };
  }
  for (const [key, v] of Object.entries(value)) {
    const sub = properties[key] as JsonSchema | undefined;
    if (sub !== undefined) {
      const problem = explain(root, sub, v, join(path, key));
      if (problem !== undefined) return problem;
    } else if (s.additionalProperties === false) {
      return { field: join(path, key), value: 'unknown field', allowed: Object.keys(properties) };
    } else if (typeof s.additionalProperties === 'object') {
      const problem = explain(root, s.additionalProperties, v, join(path, key));
      if (problem !== undefined) return problem;
    }
  }
  return undefined;
}

/**
 * The first problem of a value against a schema, or `undefined` if this walker finds none.
 *
 * @param root - the schema holding the definitions.
 * @param schema - the (sub-)schema to check against.
 * @param value - the value.
 * @param path - the dotted path of `value`.
 * @returns the culprit, or `undefined`.
 */
export function explain(
  root: JsonSchema,
  schema: JsonSchema,
  value: Json,
  path = '',
): SchemaProblem | undefined {
  const s = deref(root, schema);
  const field = path === '' ? '(root)' : path;
  const literals = literalValues(root, s);
  if (literals !== undefined) {
    return literals.some((l) => l === value) ? undefined : { field, value, allowed: literals };
  }
  if (s.anyOf !== undefined) {
    const branches = s.anyOf;
    const fitting = branches.filter((b) => {
      const types = typesOf(deref(root, b));
      return types.length === 0 || types.some((x) => typeMatches(x, value));
    });
    if (fitting.length === 0) {
      const types = branches.flatMap((b) => typesOf(deref(root, b)));
      return { field, value, allowed: describeTypes([...new Set(types)]) };
    }
    if (fitting.length === 1 || jsonType(value) !== 'object') return explain(root, fitting[0], value, path);
    if (fitting.every((b) => explain(root, b, value, path) !== undefined)) {
      const branch = pickBranch(root, fitting, value);
      if ('field' in branch && 'allowed' in branch) return { ...branch, field: join(path, branch.field) };
      return explain(root, branch, value, path);
    }
    return undefined;
  }
  const types = typesOf(s);
  if (types.length > 0) {
    if (!types.some((t) => typeMatches(t, value))) return { field, value, allowed: describeTypes(types) };
  }
  if (Array.isArray(value) && s.items !== undefined) {
    for (let i = 0; i < value.length; i++) {
      const problem = explain(root, s.items, value[i], join(path, i));
      if (problem !== undefined) return problem;
    }
  }
  if (jsonType(value) === 'object') return explainObject(root, s, value as Record<string, unknown>, path);
  return undefined;
}

/**
 * The culprit of a whole-file failure: explains `value` against the schema's root `$ref`.
 *
 * @param schema - a generated schema (with `$ref` and `definitions`).
 * @param value - the parsed file.
 * @returns the culprit, or `undefined` if the walker finds none.
 */
export function explainSchemaError(schema: JsonSchema, value: unknown): SchemaProblem | undefined {
  return explain(schema, schema, value, '');
}
