/** Small builders shared by the model.xml element writers (modelElements.ts, securityElements.ts). */
import type { ModelElement, ModelEntry, ModelProperty } from './modelDom';

/** SqlDatabaseOptions' Disambiguator: database-level permissions and extended properties reference it. */
export const databaseOptionsDisambiguator = 1;

export const builtIn = (name: string): ModelEntry => ({ reference: { externalSource: 'BuiltIns', name } });
export const ref = (name: string): ModelEntry => ({ reference: { name } });
export const flag = (name: string): ModelProperty => ({ name, value: 'True' });
export const value = (name: string, v: string | number): ModelProperty => ({ name, value: String(v) });

export function rel(el: ModelElement, name: string, entries: ModelEntry[]): void {
  if (entries.length > 0) el.relationships.push({ name, entries });
}

/** Relationships in alphabetical order, as DacFx writes them. */
export function sortRelationships(el: ModelElement): ModelElement {
  el.relationships.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return el;
}
