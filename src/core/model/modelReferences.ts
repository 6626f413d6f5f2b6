/**
 * Spec §7 pitfall 12: a model with a reference that resolves to nothing fails to load ("Could not load schema model
 * from package"). Every References entry must name an element of the model, or be a BuiltIns reference.
 */
import { collationInfo } from './collation';
import { walkElements, type ModelElement } from './modelDom';
import { buildModelElements, type ModelElementOptions } from './modelElements';
import type { DatabaseModel } from './types';

/**
 * The references that resolve to nothing, as `referrer → target`. Names compare case-insensitively unless the
 * database collation is case-sensitive, as DacFx compares them (CollationCaseSensitive).
 */
export function findDanglingReferences(elements: readonly ModelElement[], caseSensitive: boolean): string[] {
  const fold = caseSensitive ? (s: string): string => s : (s: string): string => s.toLowerCase();
  const names = new Set<string>();
  const disambiguators = new Set<number>();
  for (const top of elements) {
    walkElements(top, (el) => {
      if (el.name !== undefined) names.add(fold(el.name));
      if (el.disambiguator !== undefined) disambiguators.add(el.disambiguator);
    });
  }
  const dangling: string[] = [];
  for (const top of elements) {
    const referrer = top.name ?? top.annotations.find((a) => a.name !== undefined)?.name ?? top.type;
    walkElements(top, (el) => {
      for (const r of el.relationships) {
        for (const entry of r.entries) {
          const target = entry.reference;
          if (!target || target.externalSource !== undefined) continue;
          if (target.name !== undefined ? names.has(fold(target.name)) : target.disambiguator !== undefined && disambiguators.has(target.disambiguator)) continue;
          dangling.push(`${referrer} → ${target.name ?? `Disambiguator ${target.disambiguator ?? '?'}`} (${r.name})`);
        }
      }
    });
  }
  return dangling;
}

/**
 * Names held by more than one element of one type, as `Type Name` (DacFx refuses such a model: "More than one
 * element with this name exists"). Names compare as references do.
 */
export function findDuplicateNames(elements: readonly ModelElement[], caseSensitive: boolean): string[] {
  const fold = caseSensitive ? (s: string): string => s : (s: string): string => s.toLowerCase();
  const seen = new Map<string, number>();
  const duplicates: string[] = [];
  for (const top of elements) {
    walkElements(top, (el) => {
      if (el.name === undefined) return;
      const key = `${el.type} ${fold(el.name)}`;
      const times = (seen.get(key) ?? 0) + 1;
      seen.set(key, times);
      if (times === 2) duplicates.push(`${el.type} ${el.name}`);
    });
  }
  return duplicates;
}

/** The dangling references model.xml would have if written from this model. */
export function validateModelReferences(model: DatabaseModel, options: ModelElementOptions = {}): string[] {
  return findDanglingReferences(buildModelElements(model, options), collationInfo(model.collation).caseSensitive);
}
