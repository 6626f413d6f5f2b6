/**
 * The last catalog check: every element model.xml will hold has a name no other element of its scope has.
 * Tables, views, modules, sequences and constraints share one name space per schema (sys.objects); indexes
 * one per table. DacFx refuses a model with two elements of one name ("More than one element with this name
 * exists"), so a catalog that returns one object twice must stop the backup here, not at the import.
 */
import type { ObjectName } from '../model/types';
import { repeated, type CatalogReadState } from './catalogReadState';
import { tableKey } from './catalogRows';

export function checkUniqueNames(state: CatalogReadState): void {
  const { model } = state;
  const named = (kind: string, view: string, o: ObjectName) => ({ key: tableKey(o), label: `${kind} ${tableKey(o)} (${view})` });
  const constraint = (kind: string, view: string) => (c: { table: ObjectName; name: string }) =>
    named(kind, view, { schema: c.table.schema, name: c.name });
  const schemaScoped = [
    ...model.tables.map((t) => named('table', 'sys.tables', t)),
    ...model.modules.map((m) => named(m.kind, 'sys.sql_modules', m)),
    ...model.sequences.map((s) => named('sequence', 'sys.sequences', s)),
    ...model.primaryKeys.map(constraint('PRIMARY KEY', 'sys.key_constraints')),
    ...model.uniqueConstraints.map(constraint('UNIQUE constraint', 'sys.key_constraints')),
    ...model.foreignKeys.map(constraint('FOREIGN KEY', 'sys.foreign_keys')),
    ...model.defaultConstraints.map(constraint('DEFAULT', 'sys.default_constraints')),
    ...model.checkConstraints.map(constraint('CHECK', 'sys.check_constraints')),
  ];
  report(state, schemaScoped);
  report(state, model.userDefinedTypes.map((t) => named('type', 'sys.types', t)));
  report(state, model.indexes.map((i) => ({ key: `${tableKey(i.table)}.${i.name}`, label: `index ${i.name} on ${tableKey(i.table)} (sys.indexes)` })));
}

function report(state: CatalogReadState, items: { key: string; label: string }[]): void {
  for (const [key] of repeated(items.map((i) => i.key))) {
    const labels = items.filter((i) => i.key === key).map((i) => i.label);
    state.contradictions.push(`the catalog returned ${labels.length} objects named ${key}: ${labels.join(', ')}`);
  }
}
