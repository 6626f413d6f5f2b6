import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseModelXml, type ParsedModelXml } from '../../src/core/model/modelXmlParser';
import { writeModelXml } from '../../src/core/model/modelXmlWriter';
import { originObjectCounts, type ModelElement, type ModelRelationship } from '../../src/core/model/modelDom';
import { compareModelNames } from '../../src/core/model/nameOrder';
import { parseXmlDocument, type XmlNode } from '../../src/core/model/xml/xmlTree';
import type { SqlType } from '../../src/core/model/types';
import { readModuleHeader } from '../../src/core/model/tsql/moduleHeader';
import { readZipEntries } from '../support/readZipEntries';
import { sharedPath, skipUnlessShared } from '../support/sharedFixtures';

/**
 * Golden test against real DacFx packages: model.xml parses into the model (column types as the reference decoder
 * saw them), and writing that model again gives the same elements as DacFx wrote.
 *
 * Normalisations, and why:
 * - Disambiguator numbers are compared through what they stand for (the inline constraint's name): the writer
 *   numbers them from 2 on, DacFx leaves gaps.
 * - Modules (views, procedures, functions, triggers) are compared without their `*Dependencies`, `DynamicObjects`
 *   and the column dependencies inside `Columns`: the writer does not derive those from module bodies (spec §4.5),
 *   and without SysComments `Length`: an XML reader turns the body's CRLFs into LFs (XML 1.0 §2.11) while the
 *   header attribute keeps them as &#xD;&#xA;, so the re-read definition is shorter by the body's line count.
 * - Nothing else: tables, columns, keys, defaults, checks and indexes must come out identical, their
 *   expression dependencies included.
 */

const fixtures = ['bacpactod-kitchen-sink', 'adventureworkslt2025', 'saptable-adf-starter-db'];

const comparedExactly = new Set([
  'SqlTable', 'SqlPrimaryKeyConstraint', 'SqlUniqueConstraint', 'SqlForeignKeyConstraint', 'SqlDefaultConstraint',
  'SqlCheckConstraint', 'SqlIndex', 'SqlXmlIndex', 'SqlUserDefinedDataType', 'SqlSequence', 'SqlSchema',
  'SqlXmlSchemaCollection', 'SqlExtendedProperty',
]);
const modules = new Set(['SqlView', 'SqlProcedure', 'SqlScalarFunction', 'SqlInlineTableValuedFunction', 'SqlMultiStatementTableValuedFunction', 'SqlDmlTrigger']);

interface ExpectedColumn {
  name: string;
  type: string;
  nullable: boolean;
  Length?: string;
  IsMax?: string;
  Precision?: string;
  Scale?: string;
}

function elementKey(el: ModelElement): string {
  return el.name ?? `${el.type} ${el.annotations.find((a) => a.type === 'SqlInlineConstraintAnnotation')?.name ?? '?'}`;
}

/** A JSON-comparable copy with disambiguators replaced by the inline constraint names they stand for. */
function normalise(el: ModelElement, inlineNames: Map<number, string>, isModule: boolean): unknown {
  const dropRelationship = (r: ModelRelationship): boolean => isModule && (r.name.endsWith('Dependencies') || r.name === 'DynamicObjects');
  return {
    type: el.type,
    name: el.name,
    properties: el.properties,
    relationships: el.relationships.filter((r) => !dropRelationship(r)).map((r) => ({
      name: r.name,
      entries: r.entries.map((e) => (e.element ? normalise(e.element, inlineNames, isModule) : e.reference)),
    })),
    annotations: el.annotations.map((a) => ({
      type: a.type,
      name: a.name,
      properties: isModule && a.type === 'SysCommentsObjectAnnotation' ? a.properties.filter((p) => p.name !== 'Length') : a.properties,
    })),
    attached: el.attachedAnnotations.map((d) => inlineNames.get(d) ?? `unknown ${d}`).sort(),
  };
}

function inlineNameMap(elements: readonly ModelElement[]): Map<number, string> {
  const map = new Map<number, string>();
  for (const el of elements) {
    for (const a of el.annotations) if (a.type === 'SqlInlineConstraintAnnotation' && a.disambiguator !== undefined && a.name) map.set(a.disambiguator, a.name);
  }
  return map;
}

function originCounts(origin: Buffer): Record<string, number> {
  const root = parseXmlDocument(origin);
  const server = root.children.find((c) => c.name === 'Server');
  const counts = server?.children.find((c) => c.name === 'ObjectCounts');
  assert.ok(counts, 'Origin.xml has Server/ObjectCounts');
  return Object.fromEntries(counts.children.map((c: XmlNode) => [c.name, Number(c.text)]));
}

/** The type properties DacFx writes for a column type, to compare with the reference decoder's view. */
function dacfxTypeProperties(type: SqlType): Record<string, string> {
  const props: Record<string, string> = {};
  if (type.scale) props.Scale = String(type.scale);
  if (type.precision !== undefined) props.Precision = String(type.precision);
  if (type.length !== undefined) props.Length = String(type.length);
  if (type.isMax) props.IsMax = 'True';
  return props;
}

for (const fixture of fixtures) {
  const packagePath = ['fixtures', 'peer-bacpacs', `${fixture}.bacpac`];
  const skip = skipUnlessShared(...packagePath);

  const load = (): { parsed: ParsedModelXml; origin: Buffer; modelXml: Buffer } => {
    const entries = readZipEntries(sharedPath(...packagePath));
    const modelXml = entries.find((e) => e.name === 'model.xml')?.data;
    const origin = entries.find((e) => e.name === 'Origin.xml')?.data;
    assert.ok(modelXml && origin, 'the package has model.xml and Origin.xml');
    return { parsed: parseModelXml(modelXml), origin, modelXml };
  };

  test(`${fixture}: model.xml parses completely and self-consistently`, { skip }, () => {
    const { parsed, origin } = load();
    assert.deepEqual(parsed.danglingReferences, []);
    assert.deepEqual([...new Set(parsed.skipped.map((s) => s.split(' ')[0]))].filter((t) => t !== 'SqlPermissionStatement'), []);
    assert.equal(parsed.collationLcid, 1033);
    assert.equal(parsed.caseSensitive, false);
    assert.equal(parsed.model.collation, 'SQL_Latin1_General_CP1_CI_AS');
    // The ObjectCounts rule (§3.1) reproduces what DacFx wrote into Origin.xml for this very model.
    assert.deepEqual(originObjectCounts(parsed.elements), originCounts(origin));
  });

  test(`${fixture}: tables and column types match the reference decoder`, { skip }, () => {
    const { parsed } = load();
    const expected = JSON.parse(readFileSync(sharedPath('fixtures', 'peer-bacpacs', 'expected', `${fixture}.decoded.json`), 'utf8')) as {
      tables: { table: string; columns: ExpectedColumn[] }[];
    };
    assert.equal(parsed.model.tables.length, expected.tables.length);
    for (const t of expected.tables) {
      const table = parsed.model.tables.find((x) => `[${x.schema}].[${x.name}]` === t.table);
      assert.ok(table, `${t.table} is in the model`);
      const bcpColumns = table.columns.filter((c) => !c.computed);
      assert.deepEqual(
        bcpColumns.map((c) => ({ name: c.name, type: c.type.base, nullable: c.nullable, ...dacfxTypeProperties(c.type) })),
        t.columns.map((c) => {
          const { name, type, nullable, Length, IsMax, Precision, Scale } = c;
          return { name, type, nullable, ...(Scale ? { Scale } : {}), ...(Precision ? { Precision } : {}), ...(Length ? { Length } : {}), ...(IsMax ? { IsMax } : {}) };
        }),
        t.table,
      );
    }
  });

  test(`${fixture}: writing the parsed model gives DacFx's elements back`, { skip }, () => {
    const { parsed } = load();
    const written = writeModelXml(parsed.model, { inlineSystemNamedConstraints: true, dspName: parsed.dspName });
    const again = parseModelXml(written.xml);
    assert.deepEqual(again.danglingReferences, []);
    const originalNames = inlineNameMap(parsed.elements);
    const writtenNames = inlineNameMap(again.elements);
    const originalByKey = new Map(parsed.elements.map((e) => [elementKey(e), e]));
    const writtenByKey = new Map(again.elements.map((e) => [elementKey(e), e]));

    let compared = 0;
    for (const [key, original] of originalByKey) {
      const exact = comparedExactly.has(original.type);
      if (!exact && !modules.has(original.type)) continue;
      const rewritten = writtenByKey.get(key);
      assert.ok(rewritten, `${key} is written`);
      assert.deepEqual(normalise(rewritten, writtenNames, !exact), normalise(original, originalNames, !exact), key);
      compared++;
    }
    assert.ok(compared > 0);
    // Nothing extra appears either (apart from the database options, which are minimal by design).
    const extra = [...writtenByKey.keys()].filter((k) => !originalByKey.has(k) && !k.startsWith('SqlDatabaseOptions'));
    assert.deepEqual(extra, []);
  });

  test(`${fixture}: module headers give the parameters and return types DacFx recorded`, { skip }, () => {
    const { parsed } = load();
    const lookup = { userTypes: parsed.model.userDefinedTypes, sameName: (a: string, b: string) => a.toLowerCase() === b.toLowerCase() };
    for (const m of parsed.model.modules) {
      const info = readModuleHeader(m.definition, m.kind, `${m.schema}.${m.name}`, lookup);
      assert.equal(info.header + info.body + info.footer, m.definition, m.name);
      if (m.kind === 'view' || m.kind === 'trigger') continue;
      assert.deepEqual(info.parameters, m.parameters, `${m.name} parameters`);
      if (m.kind === 'scalarFunction') assert.deepEqual(info.returnType, m.returnType, `${m.name} return type`);
      if (m.kind === 'tableFunction') assert.deepEqual(info.returnColumns, m.columns, `${m.name} return table`);
    }
  });

  test(`${fixture}: named elements come out in DacFx's order`, { skip }, () => {
    const { parsed } = load();
    const written = parseModelXml(writeModelXml(parsed.model, { inlineSystemNamedConstraints: true }).xml);
    const writtenNames = written.elements.map((e) => e.name).filter((n): n is string => n !== undefined);
    const kept = new Set(writtenNames);
    const originalNames = parsed.elements.map((e) => e.name).filter((n): n is string => n !== undefined && kept.has(n));
    assert.deepEqual(writtenNames, originalNames);
    // And DacFx's own order agrees with the comparer everywhere.
    const all = parsed.elements.map((e) => e.name).filter((n): n is string => n !== undefined);
    for (let i = 1; i < all.length; i++) assert.ok(compareModelNames(all[i - 1], all[i]) < 0, `${all[i - 1]} before ${all[i]}`);
  });
}
