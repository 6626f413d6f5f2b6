/**
 * `Origin.xml` (bacpac-format.md §3): rendered exactly in DacFx's layout (BOM, CRLF, two-space indent, no trailing
 * newline) and parsed into a typed object for the verifier.
 */
import { randomUUID } from 'node:crypto';
import { BOM, DAC_NAMESPACE } from './packageDocuments';
import { child, childText, escapeXmlText, localName, parseXml } from './simpleXml';

/**
 * The DacFx identity written into Operation/Product*. Import is not known to check it (§9); we name DacFx 16.0.6403.0
 * (SqlPackage/SSMS 19 era, the producer of fixture A) because every DacFx from 16 on imports its packages, and its
 * model vocabulary (SchemaVersion 2.9–3.5, Sql150/Sql160 DSPs) is the one this exporter emits.
 */
export const PRODUCT_NAME = 'Microsoft.SqlServer.Dac, Version=16.0.0.0, Culture=neutral, PublicKeyToken=b03f5f7f11d50a3a';
export const PRODUCT_VERSION = '16.0.6403.0';
const END_NEVER = '0001-01-01T00:00:00.0000000';

export interface OriginInfo {
  /** `@@VERSION` text; its line ends are written as CRLF, like DacFx. */
  serverVersionText: string;
  /** Model element counts; keys with or without the `Sql` prefix (`SqlTable` and `Table` both become `<Table>`). */
  objectCounts: Record<string, number>;
  /** Rows over all BCP parts (TableRowCountTotalTag). */
  totalRows: number;
  /** Database size in KB (informational); written as 0 when unknown, since DacFx always has the element. */
  sourceDatabaseSizeKb?: number;
  /** DataSchemaModel/@SchemaVersion of model.xml, e.g. `2.9`. */
  modelSchemaVersion: string;
  /** When the export began (written in local time with its UTC offset). */
  operationStart: Date;
  /** `schema.table` names for DataPhaseTables (DacFx 170 writes it; optional). */
  dataPhaseTables?: string[];
}

export interface OriginRenderInput extends OriginInfo {
  /** Uppercase hex SHA-256 of model.xml. */
  modelChecksum: string;
  /** Whether the package has BCP parts (Version 3.1.0.0) or not (3.0.0.0). */
  hasData: boolean;
  /** Operation identity; a fresh GUID when absent. */
  identity?: string;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** ISO-8601 with 7 fractional digits and the local UTC offset, like .NET's DateTime.Now "o" format. */
export function formatOperationStart(date: Date): string {
  const offsetMin = -date.getTimezoneOffset();
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  return (
    `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}0000` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

/** Object counts keyed without the `Sql` prefix, summed on collisions, sorted ordinally. */
export function normaliseObjectCounts(counts: Record<string, number>): [string, number][] {
  const merged = new Map<string, number>();
  for (const [key, value] of Object.entries(counts)) {
    const name = /^Sql[A-Z]/.test(key) ? key.slice(3) : key;
    merged.set(name, (merged.get(name) ?? 0) + value);
  }
  return [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

export function renderOriginXml(o: OriginRenderInput): Buffer {
  if (!/^[0-9A-F]{64}$/.test(o.modelChecksum)) throw new Error('modelChecksum must be 64 uppercase hex digits');
  const serverVersion = escapeXmlText(o.serverVersionText).replace(/\r\n|\r|\n/g, '\r\n');
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<DacOrigin xmlns="${DAC_NAMESPACE}">`,
    '  <PackageProperties>',
    `    <Version>${o.hasData ? '3.1.0.0' : '3.0.0.0'}</Version>`,
    '    <ContainsExportedData>true</ContainsExportedData>',
    '    <StreamVersions>',
    '      <Version StreamName="Data">2.0.0.0</Version>',
    '      <Version StreamName="DeploymentContributors">1.0.0.0</Version>',
    '    </StreamVersions>',
    '  </PackageProperties>',
    '  <Operation>',
    `    <Identity>${o.identity ?? randomUUID()}</Identity>`,
    `    <Start>${formatOperationStart(o.operationStart)}</Start>`,
    `    <End>${END_NEVER}</End>`,
    `    <ProductName>${PRODUCT_NAME}</ProductName>`,
    `    <ProductVersion>${PRODUCT_VERSION}</ProductVersion>`,
    `    <ProductSchema>${DAC_NAMESPACE}</ProductSchema>`,
    '  </Operation>',
    '  <Server>',
    `    <ServerVersion>${serverVersion}</ServerVersion>`,
    '    <ObjectCounts>',
    ...normaliseObjectCounts(o.objectCounts).map(([name, n]) => `      <${name}>${n}</${name}>`),
    '    </ObjectCounts>',
    '  </Server>',
    '  <ExportStatistics>',
    `    <SourceDatabaseSize>${Math.round(o.sourceDatabaseSizeKb ?? 0)}</SourceDatabaseSize>`,
    `    <TableRowCountTotalTag>${o.totalRows}</TableRowCountTotalTag>`,
    '  </ExportStatistics>',
    '  <Checksums>',
    `    <Checksum Uri="/model.xml">${o.modelChecksum}</Checksum>`,
    '  </Checksums>',
    `  <ModelSchemaVersion>${escapeXmlText(o.modelSchemaVersion)}</ModelSchemaVersion>`,
  ];
  if (o.dataPhaseTables && o.dataPhaseTables.length > 0) {
    lines.push(`  <DataPhaseTables>${escapeXmlText(o.dataPhaseTables.join(','))}</DataPhaseTables>`);
  }
  lines.push('</DacOrigin>');
  for (const [name] of normaliseObjectCounts(o.objectCounts)) {
    if (!/^[A-Za-z][A-Za-z0-9]*$/.test(name)) throw new Error(`Invalid object count element name "${name}"`);
  }
  return Buffer.concat([BOM, Buffer.from(lines.join('\r\n'), 'utf8')]);
}

/** Origin.xml as read back. Every field is optional except what DacFx import requires. */
export interface OriginDocument {
  packageVersion?: string;
  containsExportedData?: boolean;
  streamVersions: Record<string, string>;
  operation: {
    identity?: string;
    start?: string;
    end?: string;
    productName?: string;
    productVersion?: string;
    productSchema?: string;
  };
  serverVersion?: string;
  objectCounts: Record<string, number>;
  sourceDatabaseSize?: number;
  /** TableRowCountTotalTag. */
  totalRows?: number;
  /** Uri → checksum text, as written. */
  checksums: Record<string, string>;
  /** `checksums['/model.xml']`. */
  modelChecksum?: string;
  modelSchemaVersion?: string;
  dataPhaseTables?: string[];
}

function toNumber(text: string | undefined): number | undefined {
  if (text === undefined || !/^\s*-?\d+\s*$/.test(text)) return undefined;
  return Number(text);
}

/** Parses Origin.xml; throws (XmlParseError or Error) when it is not a DacOrigin document. */
export function parseOriginXml(xml: Buffer | string): OriginDocument {
  const root = parseXml(xml);
  if (localName(root) !== 'DacOrigin') throw new Error(`root element is <${root.name}>, expected <DacOrigin>`);
  const props = child(root, 'PackageProperties');
  const op = child(root, 'Operation');
  const server = child(root, 'Server');
  const stats = child(root, 'ExportStatistics');
  const streamVersions: Record<string, string> = {};
  for (const v of child(props, 'StreamVersions')?.children ?? []) {
    if (localName(v) === 'Version') streamVersions[v.attributes.StreamName ?? ''] = v.text;
  }
  const objectCounts: Record<string, number> = {};
  for (const c of child(server, 'ObjectCounts')?.children ?? []) objectCounts[localName(c)] = toNumber(c.text) ?? NaN;
  const checksums: Record<string, string> = {};
  for (const c of child(root, 'Checksums')?.children ?? []) {
    if (localName(c) === 'Checksum') checksums[c.attributes.Uri ?? ''] = c.text;
  }
  const contains = childText(props, 'ContainsExportedData');
  const dataPhase = childText(root, 'DataPhaseTables');
  return {
    packageVersion: childText(props, 'Version'),
    containsExportedData: contains === undefined ? undefined : contains.trim() === 'true',
    streamVersions,
    operation: {
      identity: childText(op, 'Identity'),
      start: childText(op, 'Start'),
      end: childText(op, 'End'),
      productName: childText(op, 'ProductName'),
      productVersion: childText(op, 'ProductVersion'),
      productSchema: childText(op, 'ProductSchema'),
    },
    serverVersion: childText(server, 'ServerVersion'),
    objectCounts,
    sourceDatabaseSize: toNumber(childText(stats, 'SourceDatabaseSize')),
    totalRows: toNumber(childText(stats, 'TableRowCountTotalTag')),
    checksums,
    modelChecksum: checksums['/model.xml'],
    modelSchemaVersion: childText(root, 'ModelSchemaVersion'),
    dataPhaseTables: dataPhase === undefined ? undefined : dataPhase.split(',').filter((s) => s.length > 0),
  };
}
