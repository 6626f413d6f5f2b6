/** Extended properties (MS_Description and the like) on the database, schemas, objects, columns, parameters and indexes. */
import type { ExtendedPropertyTarget, ObjectName } from '../model/types';
import { hasColumn, isKeptTable, type CatalogReadState } from './catalogReadState';
import { code, num, optStr, str, tableKey, type Row } from './catalogRows';
import { extendedPropertyLiteral } from './extendedPropertyValue';

/** `cdb:catalog:extended-properties`: a property on something the model lacks is skipped with a warning. */
export function readExtendedProperties(state: CatalogReadState, rows: Row[]): void {
  const seen = new Set<string>();
  for (const row of rows) {
    const target = extendedPropertyTarget(row);
    const name = str(row, 'property_name');
    if (!target) {
      state.warnings.push(`The extended property ${name} on ${optStr(row, 'object_name') ?? 'an object'} was skipped: it is attached to something the backup does not include.`);
      continue;
    }
    if ('object' in target && !isKeptTable(state, target.object)) continue;
    const what = `sys.extended_properties returned property ${name} on ${describeTarget(target)}`;
    const table = 'object' in target ? state.tablesByKey.get(tableKey(target.object)) : undefined;
    if (target.kind === 'column' && table && !hasColumn(state, table, target.column, what)) continue;
    const id = `${describeTarget(target)}\u0000${name}`;
    if (seen.has(id)) {
      state.contradictions.push(`${what} more than once`);
      continue;
    }
    seen.add(id);
    state.model.extendedProperties.push({ name, target, value: extendedPropertyLiteral(optStr(row, 'value_type') ?? null, optStr(row, 'value_text') ?? null) });
  }
}

function describeTarget(target: ExtendedPropertyTarget): string {
  switch (target.kind) {
    case 'database': return 'the database';
    case 'schema': return `schema ${target.schema}`;
    case 'column': return `column ${tableKey(target.object)}.${target.column}`;
    case 'index': return `index ${target.index} on ${tableKey(target.object)}`;
    case 'constraint': return `constraint ${target.constraint} on ${tableKey(target.object)}`;
    case 'parameter': return `parameter ${target.parameter} of ${tableKey(target.object)}`;
    case 'filegroup': return `filegroup ${target.name}`;
    default: return `${target.kind} ${tableKey(target.object)}`;
  }
}

/** Where an extended property row points, or undefined for targets the model has no place for. */
function extendedPropertyTarget(row: Row): ExtendedPropertyTarget | undefined {
  const cls = num(row, 'class');
  if (cls === 0) return { kind: 'database' };
  if (cls === 3) return optStr(row, 'schema_name') === undefined ? undefined : { kind: 'schema', schema: str(row, 'schema_name') };
  const objName = optStr(row, 'object_name');
  const schema = optStr(row, 'schema_name');
  if (objName === undefined || schema === undefined) return undefined;
  const object: ObjectName = { schema, name: objName };
  const type = code(row, 'object_type');
  if (cls === 2) {
    const parameter = optStr(row, 'parameter_name');
    return parameter === undefined ? undefined : { kind: 'parameter', object, parameter };
  }
  if (cls === 7) {
    const index = optStr(row, 'index_name');
    return index === undefined ? undefined : { kind: 'index', object, index };
  }
  const column = optStr(row, 'column_name');
  if (column !== undefined) return { kind: 'column', object, column };
  switch (type) {
    case 'U': return { kind: 'table', object };
    case 'V': return { kind: 'view', object };
    case 'P': case 'FN': case 'IF': case 'TF': case 'TR': return { kind: 'module', object };
    case 'PK': case 'UQ': case 'F': case 'D': case 'C': {
      const parent = optStr(row, 'parent_name');
      if (parent === undefined) return undefined;
      return { kind: 'constraint', object: { schema: str(row, 'parent_schema_name'), name: parent }, constraint: objName };
    }
    default: return undefined;
  }
}
