/**
 * `verify` must refuse what DacFx refuses (issue 15, item 2). One of our own exports (the rich-schema database) is
 * copied with one thing broken at a time — an element duplicated, a referenced element dropped, a reference or a
 * type broken, a data part for a table the model lacks, values longer than declared, NULLs in a NOT NULL column,
 * a value outside its type — with the model checksum fixed up so that the break itself is what is judged. Every
 * mutant goes through Microsoft's DacFx (tools/dacfx-check) and through verify: wherever DacFx refuses one,
 * verify must refuse it too; and the breaks the issue names must be refused by verify whatever DacFx says.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runBackup } from '../../../src/core/export/runBackup';
import { ZipFileWriter } from '../../../src/core/package/zipFileWriter';
import { ZipReader } from '../../../src/core/package/zipReader';
import { verifyBacpac } from '../../../src/core/verify/verifyBacpac';
import type { VerifyReport } from '../../../src/core/verify/types';
import { createRichSchemaDatabase } from '../../support/databases/richSchema';
import { serveDatabase } from '../../support/demo/serveDatabase';

const projectRoot = resolve(__dirname, '..', '..', '..', '..');
const script = join(projectRoot, 'scripts', 'check-dacfx.mjs');
const timeout = 20 * 60 * 1000;
const skip = process.env.CI !== 'true' && spawnSync('dotnet', ['--version']).status !== 0
  ? 'needs the .NET SDK (`dotnet` on PATH) to run DacFx' : false;

type Entries = Map<string, Buffer>;

interface Mutant {
  name: string;
  /** Changes the package's entries in place (model.xml edits get their checksum fixed afterwards). */
  mutate(entries: Entries): void;
  /** verify must refuse this one whatever DacFx says (the issue names it), with an error of this code. */
  verifyCode?: string;
}

const text = (entries: Entries, name: string) => (entries.get(name) ?? Buffer.alloc(0)).toString('utf8');

/** Replaces `from` in model.xml (it must be there). */
function editModel(entries: Entries, from: string | RegExp, to: string | ((m: string) => string)): void {
  const before = text(entries, 'model.xml');
  const after = typeof to === 'string' ? before.replace(from, to) : before.replace(from, to);
  assert.notEqual(after, before, `mutation did not apply: ${String(from)}`);
  entries.set('model.xml', Buffer.from(after, 'utf8'));
}

/** The whole `<Element Type="…" Name="name">…</Element>` at its own indentation, with its line break. */
function elementPattern(type: string, name: string): RegExp {
  const escaped = name.replace(/[[\]().*+?^$|\\]/g, '\\$&');
  return new RegExp(`(\\t*)<Element Type="${type}" Name="${escaped}">[\\s\\S]*?\\n\\1</Element>\\r?\\n`);
}

const customerPart = 'Data/app.Customer/TableData-000-00000.BCP';

const mutants: Mutant[] = [
  {
    name: 'duplicate-column',
    mutate: (e) => editModel(e, /(\t*)<Entry>\r?\n\t*<Element Type="SqlSimpleColumn" Name="\[app\]\.\[Customer\]\.\[Name\]">[\s\S]*?\n\1<\/Entry>\r?\n/, (m) => m + m),
    verifyCode: 'model.duplicate-element',
  },
  { name: 'duplicate-table', mutate: (e) => editModel(e, elementPattern('SqlTable', '[app].[Invoice]'), (m) => m + m), verifyCode: 'model.duplicate-element' },
  { name: 'drop-referenced-table', mutate: (e) => editModel(e, elementPattern('SqlTable', '[app].[Customer]'), ''), verifyCode: 'model.dangling-reference' },
  {
    name: 'primary-key-on-missing-column',
    mutate: (e) => editModel(e, /(<Element Type="SqlPrimaryKeyConstraint" Name="\[app\]\.\[PK_Customer\]">[\s\S]*?<References Name="\[app\]\.\[Customer\]\.)\[Id\]/, '$1[Nope]'),
    verifyCode: 'model.dangling-reference',
  },
  {
    name: 'index-on-missing-column',
    mutate: (e) => editModel(e, /(<Element Type="SqlIndex" Name="\[app\]\.\[Invoice\]\.\[IX_Invoice_Customer\]">[\s\S]*?<References Name="\[app\]\.\[Invoice\]\.)\[CustomerId\]/, '$1[Gone]'),
    verifyCode: 'model.dangling-reference',
  },
  { name: 'drop-user-type', mutate: (e) => editModel(e, elementPattern('SqlUserDefinedDataType', '[app].[Code]'), '') },
  {
    name: 'foreign-key-to-missing-table',
    mutate: (e) => editModel(e, /(<Element Type="SqlForeignKeyConstraint" Name="\[app\]\.\[FK_Invoice_Customer\]">[\s\S]*?<Relationship Name="ForeignTable">\s*<Entry>\s*<References Name=")\[app\]\.\[Customer\]/, '$1[app].[Ghost]'),
    verifyCode: 'model.dangling-reference',
  },
  {
    name: 'data-part-for-missing-table',
    mutate: (e) => {
      e.set('Data/app.Ghost/TableData-000-00000.BCP', e.get(customerPart) as Buffer);
      const rels = text(e, '_rels/.rels').replace('</Relationships>',
        '<Relationship Type="table=Ghost" Target="/Data/app.Ghost/TableData-000-00000.BCP" Id="Rghost1" />' +
        '<Relationship Type="schema=app" Target="/Data/app.Ghost/TableData-000-00000.BCP" Id="Rghost2" /></Relationships>');
      e.set('_rels/.rels', Buffer.from(rels, 'utf8'));
    },
    verifyCode: 'data.unknown-table',
  },
  {
    // 'Ada Lovelace' and the other names are longer than 5 characters.
    name: 'value-longer-than-declared',
    mutate: (e) => editModel(e, /(<Element Type="SqlSimpleColumn" Name="\[app\]\.\[Customer\]\.\[Name\]">[\s\S]*?<Property Name="Length" Value=")100"/, '$15"'),
    verifyCode: 'data.decode',
  },
  {
    // Two customers have no e-mail address.
    name: 'null-in-not-null-column',
    mutate: (e) => editModel(e, /(<Element Type="SqlSimpleColumn" Name="\[app\]\.\[Customer\]\.\[Email\]">\r?\n)/, '$1\t\t\t\t\t\t<Property Name="IsNullable" Value="False" />\r\n'),
    verifyCode: 'data.decode',
  },
  {
    // Customer 1's CreatedAt (datetime2(3), after Id, Code, Name and Email) at 24:00:00: 864,000,000,000 × 100 ns.
    name: 'time-of-day-24h',
    mutate: (e) => {
      const part = Buffer.from(e.get(customerPart) as Buffer);
      const at = 4 + (2 + 2 * 'C-001'.length) + (2 + 2 * 'Ada Lovelace'.length) + (2 + 2 * 'ada@example.com'.length);
      part.writeUIntLE(864_000_000_000, at, 5);
      e.set(customerPart, part);
    },
    verifyCode: 'data.decode',
  },
  {
    // Customer 1's Credit (decimal(12,2), after CreatedAt) as 10^12: 13 digits.
    name: 'decimal-beyond-precision',
    mutate: (e) => {
      const part = Buffer.from(e.get(customerPart) as Buffer);
      const at = 4 + (2 + 10) + (2 + 24) + (2 + 30) + 8 + 1 + 3;
      part.fill(0, at, at + 16);
      part.writeBigUInt64LE(10n ** 12n, at);
      e.set(customerPart, part);
    },
    verifyCode: 'data.decode',
  },
];

let folder = '';
let good = '';
const paths = new Map<string, string>();
const verified = new Map<string, VerifyReport>();
let dacfx: { file: string; ok: boolean; errors: string[] }[] = [];
let checkerOutput = '';

async function readEntries(path: string): Promise<{ entries: Entries; methods: Map<string, number> }> {
  const reader = await ZipReader.open(path);
  const entries: Entries = new Map();
  const methods = new Map<string, number>();
  try {
    for (const entry of reader.entries) {
      entries.set(entry.name, await reader.readEntry(entry.name));
      methods.set(entry.name, entry.method);
    }
  } finally {
    await reader.close();
  }
  return { entries, methods };
}

async function writeMutant(mutant: Mutant): Promise<string> {
  const { entries, methods } = await readEntries(good);
  const modelBefore = entries.get('model.xml');
  mutant.mutate(entries);
  const model = entries.get('model.xml') as Buffer;
  if (!model.equals(modelBefore as Buffer)) {
    const checksum = createHash('sha256').update(model).digest('hex').toUpperCase();
    const origin = text(entries, 'Origin.xml').replace(/(<Checksum Uri="\/model\.xml">)[0-9A-F]+/, `$1${checksum}`);
    entries.set('Origin.xml', Buffer.from(origin, 'utf8'));
  }
  const path = join(folder, `${mutant.name}.bacpac`);
  const writer = await ZipFileWriter.create(path);
  for (const [name, data] of entries) await writer.addEntry(name, data, methods.get(name) === 0 ? null : 6);
  await writer.finish();
  return path;
}

before(async () => {
  if (skip) return;
  folder = mkdtempSync(join(tmpdir(), 'dacfx-mutants-'));
  const served = await serveDatabase(createRichSchemaDatabase());
  try {
    good = (await runBackup({ connection: served.settings(), outputFolder: folder, fileNamePattern: 'good.bacpac', compression: 'fast' })).path;
  } finally {
    await served.close();
  }
  for (const mutant of mutants) {
    const path = await writeMutant(mutant);
    paths.set(mutant.name, path);
    verified.set(mutant.name, await verifyBacpac(path));
  }
  const jsonOut = join(folder, 'dacfx.json');
  const run = spawnSync(process.execPath, [script, 'bacpac', good, ...paths.values(), '--json-out', jsonOut], { encoding: 'utf8', timeout, maxBuffer: 64 * 1024 * 1024 });
  checkerOutput = `${run.stdout}\n${run.stderr}`;
  dacfx = JSON.parse(readFileSync(jsonOut, 'utf8')) as typeof dacfx;
}, { timeout });

after(() => {
  if (folder && !process.env.DACFX_KEEP_EXPORTS) rmSync(folder, { recursive: true, force: true });
});

const dacfxOf = (path: string) => {
  const report = dacfx.find((r) => resolve(r.file) === resolve(path));
  assert.ok(report, `no DacFx report for ${path}:\n${checkerOutput.slice(-4000)}`);
  return report;
};

test('the unmutated export loads in DacFx and verifies', { skip }, async () => {
  assert.ok(dacfxOf(good).ok, dacfxOf(good).errors.join('\n'));
  assert.deepEqual((await verifyBacpac(good)).errors, []);
});

for (const mutant of mutants) {
  test(`mutant ${mutant.name}: refused by verify wherever DacFx refuses it`, { skip }, () => {
    const report = verified.get(mutant.name) as VerifyReport;
    const byDacfx = dacfxOf(paths.get(mutant.name) as string);
    const codes = report.errors.map((e) => `${e.code}: ${e.message}`);
    if (!byDacfx.ok) assert.equal(report.ok, false, `DacFx refused it (${byDacfx.errors.slice(0, 2).join(' | ')}) but verify accepted it`);
    if (mutant.verifyCode) assert.ok(report.errors.some((e) => e.code === mutant.verifyCode), `expected ${mutant.verifyCode}, got:\n${codes.join('\n')}`);
  });
}

test('DacFx refuses most mutants, so the comparison above has teeth', { skip }, () => {
  const refused = mutants.filter((m) => !dacfxOf(paths.get(m.name) as string).ok).map((m) => m.name);
  assert.ok(refused.length >= 6, `DacFx refused only: ${refused.join(', ')}`);
});
