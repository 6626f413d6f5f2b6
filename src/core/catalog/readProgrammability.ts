/** Alias types, sequences, modules (views, procedures, functions, triggers) and what the modules depend on. */
import type { DatabaseModel, ModuleKind, ObjectName, SequenceModel } from '../model/types';
import type { CatalogReadState } from './catalogReadState';
import { bool, code, num, objectName, optNum, optStr, str, tableKey, type Row } from './catalogRows';
import { baseTypeFromCatalogName, sqlTypeFromCatalog } from './catalogTypes';
import { compareOrdinal } from './modelOrder';

const moduleKinds: Record<string, ModuleKind> = {
  V: 'view', P: 'procedure', FN: 'scalarFunction', IF: 'inlineTableFunction', TF: 'tableFunction', TR: 'trigger',
};

/** `cdb:catalog:alias-types`. */
export function readAliasTypes(state: CatalogReadState, rows: Row[]): void {
  for (const row of rows) {
    const baseName = str(row, 'base_type_name');
    const base = baseTypeFromCatalogName(baseName);
    const name = objectName(row, 'schema_name', 'type_name');
    if (!base) {
      state.refusals.push(`user-defined type ${tableKey(name)} based on ${baseName}`);
      continue;
    }
    state.model.userDefinedTypes.push({ ...name, type: sqlTypeFromCatalog(base, num(row, 'max_length'), num(row, 'precision'), num(row, 'scale')), nullable: bool(row, 'is_nullable') });
  }
}

/** `cdb:catalog:sequences`. */
export function readSequences(state: CatalogReadState, rows: Row[]): void {
  for (const row of rows) {
    const name = objectName(row, 'schema_name', 'sequence_name');
    const base = baseTypeFromCatalogName(str(row, 'base_type_name'));
    if (!base) {
      state.refusals.push(`sequence ${tableKey(name)} of type ${str(row, 'base_type_name')}`);
      continue;
    }
    const type = sqlTypeFromCatalog(base, 0, num(row, 'precision'), num(row, 'scale'));
    if (bool(row, 'type_is_user_defined')) type.userType = objectName(row, 'type_schema_name', 'type_name');
    const sequence: SequenceModel = {
      ...name, type, startValue: str(row, 'start_value'), increment: str(row, 'increment'),
      minValue: str(row, 'minimum_value'), maxValue: str(row, 'maximum_value'), cycle: bool(row, 'is_cycling'),
    };
    if (!bool(row, 'is_cached')) sequence.cacheSize = 0;
    else if (optNum(row, 'cache_size') !== undefined) sequence.cacheSize = num(row, 'cache_size');
    const current = optStr(row, 'current_value');
    if (current !== undefined) sequence.currentValue = current;
    state.model.sequences.push(sequence);
  }
}

/** `cdb:catalog:modules`. */
export function readModules(state: CatalogReadState, rows: Row[]): void {
  for (const row of rows) {
    const kind = moduleKinds[code(row, 'object_type')];
    if (!kind) continue;
    const module: DatabaseModel['modules'][number] = {
      ...objectName(row, 'schema_name', 'object_name'), kind, definition: str(row, 'definition'),
      ansiNulls: bool(row, 'uses_ansi_nulls'), quotedIdentifier: bool(row, 'uses_quoted_identifier'),
    };
    if (bool(row, 'is_schema_bound')) module.schemaBound = true;
    if (kind === 'trigger') {
      if (optStr(row, 'parent_name') !== undefined) module.parent = objectName(row, 'parent_schema_name', 'parent_name');
      module.trigger = {
        insert: bool(row, 'trigger_on_insert'), update: bool(row, 'trigger_on_update'), delete: bool(row, 'trigger_on_delete'),
        insteadOf: bool(row, 'is_instead_of_trigger'),
      };
      if (bool(row, 'trigger_is_not_for_replication')) module.trigger.notForReplication = true;
      if (bool(row, 'trigger_is_disabled')) module.trigger.disabled = true;
    }
    state.model.modules.push(module);
  }
  // A DML trigger's parent is a table or view the model holds; model.xml would otherwise reference a missing one.
  const parents = new Set([...state.tablesByKey.keys(), ...state.model.modules.filter((m) => m.kind === 'view').map((m) => tableKey(m))]);
  for (const trigger of state.model.modules.filter((m) => m.kind === 'trigger')) {
    if (trigger.parent && !parents.has(tableKey(trigger.parent)) && !state.skippedTables.has(tableKey(trigger.parent))) {
      state.contradictions.push(`sys.triggers returned trigger ${tableKey(trigger)} on ${tableKey(trigger.parent)}, which is neither a table nor a view sys.tables or sys.sql_modules listed`);
    }
  }
}

/** `cdb:catalog:module-dependencies`: only between objects the model holds, so model.xml never references a missing one. */
export function readModuleDependencies(state: CatalogReadState, rows: Row[]): void {
  const { model } = state;
  const objectKey = (o: ObjectName) => `${o.schema}\u0000${o.name}`;
  const modulesByKey = new Map(model.modules.map((m) => [objectKey(m), m]));
  const referable = new Set([...model.tables, ...model.modules, ...model.sequences].map(objectKey));
  for (const row of rows) {
    const module = modulesByKey.get(objectKey(objectName(row, 'schema_name', 'object_name')));
    const referenced = objectName(row, 'referenced_schema_name', 'referenced_name');
    if (!module || !referable.has(objectKey(referenced)) || objectKey(referenced) === objectKey(module)) continue;
    const dependencies = (module.dependencies ??= []);
    if (!dependencies.some((d) => objectKey(d) === objectKey(referenced))) dependencies.push(referenced);
  }
  for (const m of model.modules) m.dependencies?.sort((a, b) => compareObjectNames(a, b));
}

/** Ordinal order of schema, then name: the one order dependencies are kept in (normal form, stable output). */
function compareObjectNames(a: ObjectName, b: ObjectName): number {
  return compareOrdinal(a.schema, b.schema) || compareOrdinal(a.name, b.name);
}
