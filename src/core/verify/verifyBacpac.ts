/**
 * Reads a .bacpac back the way an import would, without loading it whole: the strict ZIP and OPC checks, the
 * model checksum against Origin.xml, model.xml parsed (with every reference resolved), each BCP part decoded
 * row by row with its table's column types, and the row total compared with Origin.xml.
 *
 * Memory stays bounded whatever the file holds: parts are streamed, model.xml is refused past a stated size and
 * element count (defaultModelXmlLimits), and the row decoder holds at most its row budget (bcp/rowDecoder.ts).
 *
 * Issue codes added here:
 *   file.missing              there is no file at the path
 *   file.not-regular          the path is a folder, pipe or device (a FIFO would otherwise block the read forever)
 *   file.unreadable           the file cannot be opened or read
 *   package.unreadable        the file is not a ZIP at all (truncated, not a bacpac)
 *   model.too-large           model.xml is larger than defaultModelXmlLimits uncompressed (also a model.xml zip bomb)
 *   model.duplicate-element   two elements of model.xml have one name (DacFx: "More than one element with this name exists")
 *   checksum.mismatch         Origin.xml's model checksum is not the SHA-256 of model.xml
 *   checksum.lowercase        (warning) the checksum is right but not in DacFx's uppercase form
 *   model.invalid             model.xml cannot be parsed
 *   model.dangling-reference  model.xml refers to an object it does not contain
 *   model.schema-version      Origin's ModelSchemaVersion differs from model.xml's SchemaVersion
 *   data.unknown-table        a BCP part for a table model.xml does not have
 *   data.decode               a BCP part that does not decode with its table's columns (truncated or corrupt)
 *   data.row-count            the rows decoded differ from Origin.xml's TableRowCountTotalTag
 */
import { stat } from 'node:fs/promises';
import { createRowDecoder } from '../bcp';
import { isBackupError } from '../errors';
import { parseModelXml, type ParsedModelXml } from '../model/modelXmlParser';
import type { TableModel } from '../model/types';
import { BacpacPackageReader } from '../package/bacpacReader';
import type { VerifiedTable, VerifyIssue, VerifyReport } from './types';

/**
 * model.xml is parsed whole, and its parse costs up to ~20 times its size (hostile shapes: millions of tiny
 * elements), so a package from elsewhere is held to these limits to keep verify under 300 MB whatever it is
 * given. Real models are far smaller (an Umbraco site's is 1–3 MB, ~30,000 elements).
 */
export const defaultModelXmlLimits = { bytes: 16 * 1024 * 1024, elements: 300_000 };

export interface VerifyOptions {
  /** model.xml limits (default defaultModelXmlLimits); a backup checking the package it just wrote lifts them. */
  modelXmlLimits?: { bytes: number; elements: number };
  signal?: AbortSignal;
  /** Called after each part with the parts done and the parts in all. */
  onProgress?: (partsDone: number, partsTotal: number) => void;
}

export async function verifyBacpac(path: string, options: VerifyOptions = {}): Promise<VerifyReport> {
  const report: VerifyReport = { path, ok: false, errors: [], warnings: [], totalRows: 0, tables: [], objectCounts: {}, bytes: 0 };
  const error = (code: string, message: string, where?: string) => report.errors.push(issue(code, message, where));
  try {
    const stats = await stat(path);
    if (!stats.isFile()) {
      error('file.not-regular', `${path} is not a regular file (a folder, pipe or device), so it cannot be a backup.`);
      return report;
    }
    report.bytes = stats.size;
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    error(missing ? 'file.missing' : 'file.unreadable', missing ? `There is no file ${path}.` : `The file cannot be read: ${describe(e)}`);
    return report;
  }
  let reader: BacpacPackageReader;
  try {
    reader = await BacpacPackageReader.open(path);
  } catch (e) {
    if (isBackupError(e) && e.kind === 'io') error('file.unreadable', describe(e));
    else error('package.unreadable', `This is not a readable .bacpac (zip) file: ${describe(e)}`);
    return report;
  }
  try {
    report.errors.push(...reader.errors);
    report.warnings.push(...reader.warnings);
    report.databaseName = reader.dacMetadata?.name;
    const origin = reader.origin;
    report.originRowCount = origin?.totalRows;

    let parsed: ParsedModelXml | undefined;
    const modelEntry = reader.zip.entry('model.xml');
    const limits = options.modelXmlLimits ?? defaultModelXmlLimits;
    if (modelEntry && modelEntry.uncompressedSize > limits.bytes) {
      error('model.too-large', `model.xml is ${modelEntry.uncompressedSize.toLocaleString('en-US')} bytes uncompressed (${modelEntry.compressedSize.toLocaleString('en-US')} stored), more than the ${limits.bytes / 1024 / 1024} MiB verify reads from a package; it was not read.`, 'model.xml');
    } else if (modelEntry) {
      await checkChecksum(reader, origin?.modelChecksum, report);
      parsed = await readModel(reader, report, limits.elements);
    }
    if (parsed) {
      report.dspName = parsed.dspName;
      report.schemaVersion = parsed.schemaVersion;
      report.objectCounts = parsed.elementCounts;
      for (const name of parsed.duplicateNames) error('model.duplicate-element', `model.xml has more than one element named ${name}.`, name);
      for (const ref of parsed.danglingReferences) error('model.dangling-reference', `model.xml refers to ${ref}, which it does not contain.`, ref);
      if (origin?.modelSchemaVersion && origin.modelSchemaVersion !== parsed.schemaVersion) {
        error('model.schema-version', `Origin.xml says ModelSchemaVersion ${origin.modelSchemaVersion}, model.xml says SchemaVersion ${parsed.schemaVersion}.`);
      }
      await decodeData(reader, parsed, report, options);
    }
    if (origin?.totalRows !== undefined && parsed && report.totalRows !== origin.totalRows) {
      error('data.row-count', `The data parts hold ${report.totalRows} rows, but Origin.xml says ${origin.totalRows}.`);
    }
  } catch (e) {
    if (options.signal?.aborted) throw e;
    // Whatever else a damaged package makes fail is a finding about the package, never a crash of verify.
    error(isBackupError(e) && e.kind === 'io' ? 'file.unreadable' : 'package.unreadable', `The package could not be read to the end: ${describe(e)}`);
  } finally {
    await reader.close();
  }
  report.ok = report.errors.length === 0;
  return report;
}

async function checkChecksum(reader: BacpacPackageReader, expected: string | undefined, report: VerifyReport): Promise<void> {
  if (expected === undefined) return; // the package reader already reported the missing checksum
  let actual: string;
  try {
    actual = await reader.computeModelChecksum();
  } catch (e) {
    report.errors.push(issue('model.invalid', `model.xml cannot be read: ${describe(e)}`, 'model.xml'));
    return;
  }
  if (expected === actual) return;
  if (expected.toUpperCase() === actual) {
    report.warnings.push(issue('checksum.lowercase', 'The model checksum is right but lowercase; DacFx writes it in uppercase.'));
    return;
  }
  report.errors.push(issue('checksum.mismatch', `model.xml has changed since the package was written: its SHA-256 is ${actual}, Origin.xml says ${expected}.`, 'model.xml'));
}

async function readModel(reader: BacpacPackageReader, report: VerifyReport, maxXmlElements: number): Promise<ParsedModelXml | undefined> {
  try {
    const xml = Buffer.concat(await collect(reader.openPart('model.xml')));
    return parseModelXml(xml, { databaseName: report.databaseName, maxXmlElements });
  } catch (e) {
    report.errors.push(issue('model.invalid', `model.xml cannot be read: ${describe(e)}`, 'model.xml'));
    return undefined;
  }
}

async function decodeData(reader: BacpacPackageReader, parsed: ParsedModelXml, report: VerifyReport, options: VerifyOptions): Promise<void> {
  const tables = new Map<string, TableModel>();
  const key = (schema: string, name: string) => (parsed.caseSensitive ? `${schema}.${name}` : `${schema}.${name}`.toLowerCase());
  for (const t of parsed.model.tables) tables.set(key(t.schema, t.name), t);
  const byTable = new Map<string, VerifiedTable>();
  let partsDone = 0;
  for (const part of reader.dataParts) {
    if (options.signal?.aborted) throw new Error('Verification cancelled.');
    const table = tables.get(key(part.schema, part.table));
    if (!table) {
      report.errors.push(issue('data.unknown-table', `The data part is for [${part.schema}].[${part.table}], which model.xml does not define.`, part.name));
      continue;
    }
    const decoder = createRowDecoder(table.columns, { table: `[${table.schema}].[${table.name}]` });
    let rows = 0;
    try {
      for await (const chunk of reader.openPart(part.entry)) rows += decoder.push(chunk).length;
      decoder.end();
    } catch (e) {
      report.errors.push(issue('data.decode', `The data of [${table.schema}].[${table.name}] does not decode after ${rows} rows: ${describe(e)}`, part.name));
    }
    const entry = byTable.get(key(table.schema, table.name)) ?? { schema: table.schema, name: table.name, rows: 0, parts: [] };
    entry.rows += rows;
    entry.parts.push({ name: part.name, rows, bytes: part.entry.uncompressedSize });
    byTable.set(key(table.schema, table.name), entry);
    report.totalRows += rows;
    options.onProgress?.(++partsDone, reader.dataParts.length);
  }
  report.tables = [...byTable.values()];
}

async function collect(chunks: AsyncIterable<Buffer>): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for await (const c of chunks) out.push(c);
  return out;
}

function issue(code: string, message: string, where?: string): VerifyIssue {
  return where === undefined ? { code, message } : { code, message, where };
}

function describe(e: unknown): string {
  if (isBackupError(e)) return e.message;
  return e instanceof Error ? e.message : String(e);
}
