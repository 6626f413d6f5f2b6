/**
 * Orders views, functions, procedures and triggers so that each comes after what it references. The catalog
 * reader records each module's resolved dependencies; a model read from someone else's model.xml may not carry
 * them, so then the definition's identifiers stand in (an over-approximation: any module whose name appears).
 * A cycle (procedures calling each other) keeps the model's order for the modules in it: T-SQL resolves
 * procedure calls late, so only views and functions can truly need an order, and those cannot be cyclic.
 */
import type { ModuleModel, ObjectName } from '../model/types';
import { identifierValue, isIdentifier, tokenizeTsql } from '../model/tsql/tsqlTokens';

function key(name: ObjectName): string {
  return `${name.schema}\u0000${name.name}`.toLowerCase();
}

function textualReferences(module: ModuleModel, byName: Map<string, ModuleModel[]>): ModuleModel[] {
  const found = new Set<ModuleModel>();
  for (const token of tokenizeTsql(module.definition)) {
    if (!isIdentifier(token)) continue;
    for (const candidate of byName.get(identifierValue(token).toLowerCase()) ?? []) {
      if (candidate !== module) found.add(candidate);
    }
  }
  return [...found];
}

export function orderModules(modules: readonly ModuleModel[]): ModuleModel[] {
  const byKey = new Map(modules.map((m) => [key(m), m]));
  const byName = new Map<string, ModuleModel[]>();
  for (const m of modules) {
    const list = byName.get(m.name.toLowerCase()) ?? [];
    list.push(m);
    byName.set(m.name.toLowerCase(), list);
  }
  const dependsOn = (m: ModuleModel): ModuleModel[] => {
    const declared = m.dependencies?.map((d) => byKey.get(key(d))).filter((d): d is ModuleModel => d !== undefined && d !== m);
    const refs = declared && declared.length > 0 ? declared : textualReferences(m, byName);
    // A trigger's table may be a view; that view comes first.
    const parent = m.parent ? byKey.get(key(m.parent)) : undefined;
    return parent ? [...refs, parent] : refs;
  };
  const ordered: ModuleModel[] = [];
  const state = new Map<ModuleModel, 'visiting' | 'done'>();
  const visit = (m: ModuleModel): void => {
    if (state.get(m) !== undefined) return; // done, or a cycle: keep the order reached so far
    state.set(m, 'visiting');
    for (const d of dependsOn(m)) visit(d);
    state.set(m, 'done');
    ordered.push(m);
  };
  for (const m of modules) visit(m);
  return ordered;
}
