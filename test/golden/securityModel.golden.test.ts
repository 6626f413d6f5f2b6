import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseModelXml, type ParsedModelXml } from '../../src/core/model/modelXmlParser';
import { writeModelXml } from '../../src/core/model/modelXmlWriter';
import type { ModelElement } from '../../src/core/model/modelDom';
import { readZipEntries } from '../support/readZipEntries';
import { sharedPath, skipUnlessShared } from '../support/sharedFixtures';

/**
 * The security model and database options of real DacFx packages parse and write back element for element:
 * Umbraco's DemoStore (a login, the user mapped to it, its db_owner membership, GRANT CONNECT and the two default
 * grants to public; ten non-default database options) and the three peer packages (their permission statements).
 *
 * Normalisations, and why: a login's Disambiguator is compared through the login it stands for (the writer numbers
 * from 2 on, DacFx leaves gaps). Passwords are compared as they are: a parsed model keeps the (random) password DacFx
 * wrote, so writing it back must not change it.
 */

const securityTypes = new Set(['SqlLogin', 'SqlUser', 'SqlRole', 'SqlRoleMembership', 'SqlPermissionStatement', 'SqlSchema']);

const packages = [
  ['umbraco-real', 'UmbracoCommerceDemoStore_v13.1.0.bacpac'],
  ['umbraco-real', 'UmbracoCommerceDemoStore_v17.0.0.bacpac'],
  ['peer-bacpacs', 'bacpactod-kitchen-sink.bacpac'],
  ['peer-bacpacs', 'adventureworkslt2025.bacpac'],
  ['peer-bacpacs', 'saptable-adf-starter-db.bacpac'],
] as const;

/** Disambiguators (of logins) replaced by the name of the element that carries them. */
function normalise(el: ModelElement, byDisambiguator: Map<number, string>): unknown {
  return {
    type: el.type,
    name: el.name,
    disambiguator: el.disambiguator === undefined ? undefined : byDisambiguator.get(el.disambiguator),
    properties: el.properties,
    relationships: el.relationships.map((r) => ({
      name: r.name,
      entries: r.entries.map((e) => (e.reference?.disambiguator !== undefined
        ? { ...e.reference, disambiguator: byDisambiguator.get(e.reference.disambiguator) ?? `unknown ${e.reference.disambiguator}` }
        : e.reference ?? e.element)),
    })),
    annotations: el.annotations,
  };
}

function disambiguated(elements: readonly ModelElement[]): Map<number, string> {
  const map = new Map<number, string>();
  for (const el of elements) if (el.disambiguator !== undefined) map.set(el.disambiguator, `${el.type} ${el.name ?? ''}`);
  return map;
}

function security(parsed: ParsedModelXml): unknown[] {
  const names = disambiguated(parsed.elements);
  return parsed.elements.filter((e) => securityTypes.has(e.type)).map((e) => normalise(e, names));
}

function load(folder: string, file: string): ParsedModelXml {
  const modelXml = readZipEntries(sharedPath('fixtures', folder, file)).find((e) => e.name === 'model.xml')?.data;
  assert.ok(modelXml, `${file} has model.xml`);
  return parseModelXml(modelXml);
}

for (const [folder, file] of packages) {
  const skip = skipUnlessShared('fixtures', folder, file);

  test(`${file}: logins, users, roles, memberships, permissions and schemas write back element for element`, { skip }, () => {
    const parsed = load(folder, file);
    assert.deepEqual(parsed.skipped.filter((s) => securityTypes.has(s.split(' ')[0])), [], 'every security element has a place in the model');
    const again = parseModelXml(writeModelXml(parsed.model, { inlineSystemNamedConstraints: true, dspName: parsed.dspName }).xml);
    assert.deepEqual(again.danglingReferences, []);
    const original = security(parsed);
    assert.ok(original.length > 0 || folder === 'peer-bacpacs', 'the DemoStore has security elements');
    assert.deepEqual(security(again), original);
  });
}

test('DemoStore v13: the database options DacFx wrote come back exactly (ten properties, in DacFx order)', { skip: skipUnlessShared('fixtures', ...packages[0]) }, () => {
  const parsed = load(...packages[0]);
  const options = (p: ParsedModelXml) => p.elements.find((e) => e.type === 'SqlDatabaseOptions')!;
  const again = parseModelXml(writeModelXml(parsed.model, { dspName: parsed.dspName }).xml);
  assert.equal(options(parsed).properties.length, 10);
  assert.deepEqual(options(again).properties, options(parsed).properties);
  assert.deepEqual(options(again).relationships, options(parsed).relationships);
  assert.deepEqual(parsed.model.users, [{ name: 'mb', authentication: 'login', login: 'mb' }]);
  assert.deepEqual(parsed.model.roleMemberships, [{ role: 'db_owner', member: 'mb' }]);
  assert.equal(parsed.model.options?.QueryStoreMaxStorageSize, 1000);
});
