/** `cdb:catalog:unsupported-objects`: objects a bacpac from this tool cannot carry, refused or skipped by kind (see readCatalog.ts). */
import type { CatalogReadState } from './catalogReadState';
import { optStr, str, type Row } from './catalogRows';

const unsupportedObjectKinds: Record<string, { label: string; refuse: boolean; skipReason?: string }> = {
  'clr-assembly': { label: 'CLR assembly', refuse: true },
  'clr-module': { label: 'CLR procedure, function, aggregate or trigger', refuse: true },
  'clr-type': { label: 'CLR user-defined type', refuse: true },
  'table-type': { label: 'user-defined table type', refuse: true },
  'encrypted-module': { label: 'module created WITH ENCRYPTION', refuse: true },
  'external-data-source': { label: 'external data source', refuse: false, skipReason: 'it is not included; create it again on the target if needed' },
  'database-trigger': { label: 'database DDL trigger', refuse: false, skipReason: 'it is not included; create it again after the import' },
  'fulltext-index': { label: 'full-text index on', refuse: false, skipReason: 'it is not included; the data is; create the index again after the import' },
  'synonym': { label: 'synonym', refuse: false, skipReason: 'it is not included' },
  'rule-or-default': { label: 'rule or bound default', refuse: false, skipReason: 'it is not included' },
};

function displayName(schema: string | undefined, name: string): string {
  return schema ? `${schema}.${name}` : name;
}

export function readUnsupportedObjects(state: CatalogReadState, rows: Row[]): void {
  for (const row of rows) {
    const kind = str(row, 'kind');
    const policy = unsupportedObjectKinds[kind] ?? { label: kind, refuse: true };
    const what = `${policy.label} ${displayName(optStr(row, 'schema_name'), str(row, 'object_name'))}`;
    if (policy.refuse) state.refusals.push(what);
    else state.warnings.push(`The ${what} was skipped: ${policy.skipReason}.`);
  }
}
