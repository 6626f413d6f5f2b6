/** One deterministic order for every collection of a DatabaseModel, so models compare and serialise stably. */
import type { DatabaseModel, ExtendedPropertyTarget, ObjectName } from '../model/types';

/** Ordinal (code unit) comparison: independent of locale and of the database collation. */
export function compareOrdinal(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function byKeys<T>(...keys: ((item: T) => string)[]): (a: T, b: T) => number {
  return (a, b) => {
    for (const key of keys) {
      const c = compareOrdinal(key(a), key(b));
      if (c !== 0) return c;
    }
    return 0;
  };
}

const objectKey = (o: ObjectName) => `${o.schema}\u0000${o.name}`;

/** Sorts the collections in place (columns, key columns and module text keep their own order) and returns the model. */
export function sortDatabaseModel(model: DatabaseModel): DatabaseModel {
  model.schemas.sort(byKeys((s) => s.name));
  model.tables.sort(byKeys(objectKey));
  const byTableThenName = byKeys<{ table: ObjectName; name: string }>((c) => objectKey(c.table), (c) => c.name);
  model.primaryKeys.sort(byTableThenName);
  model.uniqueConstraints.sort(byTableThenName);
  model.foreignKeys.sort(byTableThenName);
  model.defaultConstraints.sort(byTableThenName);
  model.checkConstraints.sort(byTableThenName);
  model.indexes.sort(byTableThenName);
  model.userDefinedTypes.sort(byKeys(objectKey));
  model.sequences.sort(byKeys(objectKey));
  model.modules.sort(byKeys(objectKey));
  model.extendedProperties.sort(byKeys((p) => targetKey(p.target), (p) => p.name));
  return model;
}

/** A sortable key for what an extended property is attached to. */
export function targetKey(t: ExtendedPropertyTarget): string {
  switch (t.kind) {
    case 'database': return 'database';
    case 'schema': return `schema\u0000${t.schema}`;
    case 'table': case 'view': case 'module': return `${t.kind}\u0000${objectKey(t.object)}`;
    case 'column': return `column\u0000${objectKey(t.object)}\u0000${t.column}`;
    case 'index': return `index\u0000${objectKey(t.object)}\u0000${t.index}`;
    case 'constraint': return `constraint\u0000${objectKey(t.object)}\u0000${t.constraint}`;
    case 'parameter': return `parameter\u0000${objectKey(t.object)}\u0000${t.parameter}`;
  }
  return JSON.stringify(t);
}
