/**
 * Checks a parsed JSON value against the part of JSON Schema (draft-07) that schemas/backups.schema.json uses:
 * type, properties, required, additionalProperties: false, items, minItems, minLength, pattern, minimum,
 * maximum, enum. Anything else in a schema is refused (`unsupportedKeyword`), so the shipped schema cannot
 * silently promise a rule this check does not apply. Issues name the JSON path, e.g. `databases[1].retian`.
 */

export interface SchemaNode {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  properties?: Record<string, SchemaNode>;
  required?: string[];
  additionalProperties?: boolean;
  items?: SchemaNode;
  minItems?: number;
  minLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  enum?: unknown[];
}

export interface SchemaIssue {
  /** `databases[1].out`; empty for the top level. */
  path: string;
  message: string;
}

/** Keywords that only describe (ignored by the check) and those it applies. */
const annotations = new Set(['$schema', '$id', 'title', 'description', 'default', 'examples']);
const applied = new Set(['type', 'properties', 'required', 'additionalProperties', 'items', 'minItems', 'minLength', 'pattern', 'minimum', 'maximum', 'enum']);

/** Keywords in a schema this check would not apply; the tests keep the shipped schema free of them. */
export function unsupportedKeywords(schema: unknown, path = ''): string[] {
  if (typeof schema !== 'object' || schema === null) return [];
  const found: string[] = [];
  for (const [key, value] of Object.entries(schema)) {
    if (!annotations.has(key) && !applied.has(key)) found.push(`${path || '(root)'}: ${key}`);
    if (key === 'properties' && typeof value === 'object' && value !== null) {
      for (const [name, sub] of Object.entries(value)) found.push(...unsupportedKeywords(sub, `${path}.${name}`));
    }
    if (key === 'items') found.push(...unsupportedKeywords(value, `${path}[]`));
  }
  return found;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

export function checkAgainstSchema(value: unknown, schema: SchemaNode, path = ''): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  const actual = typeOf(value);
  if (schema.type && !(schema.type === actual || (schema.type === 'number' && actual === 'integer'))) {
    return [{ path, message: `must be ${schema.type === 'integer' ? 'a whole number' : `a${/^[aeiou]/.test(schema.type) ? 'n' : ''} ${schema.type}`}, not ${actual === 'integer' ? 'a number' : actual}` }];
  }
  if (schema.enum && !schema.enum.includes(value)) {
    issues.push({ path, message: `must be one of ${schema.enum.map((e) => JSON.stringify(e)).join(', ')}, not ${JSON.stringify(value)}` });
  }
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.trim().length < schema.minLength) issues.push({ path, message: 'must not be empty' });
    if (schema.pattern !== undefined && !new RegExp(schema.pattern).test(value)) issues.push({ path, message: `is not a valid value (${JSON.stringify(value)})` });
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) issues.push({ path, message: `must be at least ${schema.minimum}` });
    if (schema.maximum !== undefined && value > schema.maximum) issues.push({ path, message: `must be at most ${schema.maximum}` });
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) issues.push({ path, message: `needs at least ${schema.minItems} entr${schema.minItems === 1 ? 'y' : 'ies'}` });
    if (schema.items) value.forEach((item, i) => issues.push(...checkAgainstSchema(item, schema.items!, `${path}[${i}]`)));
  }
  if (actual === 'object') {
    const record = value as Record<string, unknown>;
    const properties = schema.properties ?? {};
    for (const key of Object.keys(record)) {
      if (!(key in properties)) {
        if (schema.additionalProperties === false) issues.push({ path: join(path, key), message: 'is not a known key' });
      } else {
        issues.push(...checkAgainstSchema(record[key], properties[key], join(path, key)));
      }
    }
    for (const key of schema.required ?? []) {
      if (!(key in record)) issues.push({ path: join(path, key), message: 'is missing' });
    }
  }
  return issues;
}
