/**
 * The small OPC documents of a bacpac, byte-for-byte as DacFx writes them (bacpac-format.md §2.3–2.5), and their
 * parsers for the reader: `[Content_Types].xml`, `_rels/.rels`, `DacMetadata.xml`.
 */
import { randomBytes } from 'node:crypto';
import { child, childText, escapeXmlAttribute, escapeXmlText, localName, parseXml } from './simpleXml';

export const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const DECLARATION = '<?xml version="1.0" encoding="utf-8"?>';
export const DAC_NAMESPACE = 'http://schemas.microsoft.com/sqlserver/dac/Serialization/2012/02';
const CONTENT_TYPES_NAMESPACE = 'http://schemas.openxmlformats.org/package/2006/content-types';
const RELATIONSHIPS_NAMESPACE = 'http://schemas.openxmlformats.org/package/2006/relationships';

export const CONTENT_TYPES_PART = '[Content_Types].xml';
export const RELS_PART = '_rels/.rels';
export const MODEL_PART = 'model.xml';
export const DAC_METADATA_PART = 'DacMetadata.xml';
export const ORIGIN_PART = 'Origin.xml';

function withBom(text: string): Buffer {
  return Buffer.concat([BOM, Buffer.from(text, 'utf8')]);
}

/** `[Content_Types].xml`: one line, BOM, no trailing newline; only the `xml` default when the package has no data. */
export function renderContentTypes(hasData: boolean): Buffer {
  const defaults = hasData
    ? '<Default Extension="xml" ContentType="text/xml" /><Default Extension="BCP" ContentType="application/octet-stream" /><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml" />'
    : '<Default Extension="xml" ContentType="text/xml" />';
  return withBom(`${DECLARATION}<Types xmlns="${CONTENT_TYPES_NAMESPACE}">${defaults}</Types>`);
}

export interface Relationship {
  type: string;
  /** Absolute part URI, e.g. `/Data/dbo.T/TableData-000-00000.BCP`. */
  target: string;
  id: string;
}

/** Two package relationships for one BCP part: `table=` then `schema=`, with fresh ids. */
export interface DataPartRelationshipSource {
  partName: string;
  schema: string;
  table: string;
}

/** Generates `R` + 16 lowercase hex ids, unique within one package (System.IO.Packaging's shape). */
export class RelationshipIdSource {
  private readonly used = new Set<string>();
  next(): string {
    for (;;) {
      const id = 'R' + randomBytes(8).toString('hex');
      if (!this.used.has(id)) {
        this.used.add(id);
        return id;
      }
    }
  }
}

/** `_rels/.rels`: one line, BOM; the names raw (not bracketed), XML-escaped; relationships in part order. */
export function renderRelationships(parts: readonly DataPartRelationshipSource[], ids = new RelationshipIdSource()): Buffer {
  const chunks: string[] = [`${DECLARATION}<Relationships xmlns="${RELATIONSHIPS_NAMESPACE}">`];
  for (const p of parts) {
    const target = escapeXmlAttribute('/' + p.partName);
    chunks.push(`<Relationship Type="${escapeXmlAttribute('table=' + p.table)}" Target="${target}" Id="${ids.next()}" />`);
    chunks.push(`<Relationship Type="${escapeXmlAttribute('schema=' + p.schema)}" Target="${target}" Id="${ids.next()}" />`);
  }
  chunks.push('</Relationships>');
  return withBom(chunks.join(''));
}

/** `DacMetadata.xml`: BOM, CRLF, two-space indent, no trailing newline. */
export function renderDacMetadata(databaseName: string, version = '0.0.0.0'): Buffer {
  return withBom(
    [
      DECLARATION,
      `<DacType xmlns="${DAC_NAMESPACE}">`,
      `  <Name>${escapeXmlText(databaseName)}</Name>`,
      `  <Version>${escapeXmlText(version)}</Version>`,
      '</DacType>',
    ].join('\r\n'),
  );
}

export interface ContentTypes {
  /** Extension (as written) → content type. */
  defaults: Record<string, string>;
  /** Part name (with leading slash) → content type. */
  overrides: Record<string, string>;
}

export function parseContentTypes(xml: Buffer | string): ContentTypes {
  const root = parseXml(xml);
  if (localName(root) !== 'Types') throw new Error(`root element is <${root.name}>, expected <Types>`);
  const out: ContentTypes = { defaults: {}, overrides: {} };
  for (const c of root.children) {
    if (localName(c) === 'Default') out.defaults[c.attributes.Extension ?? ''] = c.attributes.ContentType ?? '';
    else if (localName(c) === 'Override') out.overrides[c.attributes.PartName ?? ''] = c.attributes.ContentType ?? '';
  }
  return out;
}

/** The content type OPC assigns to `partName` (ZIP entry name): an override, else the default for its extension (extensions compare case-insensitively). */
export function contentTypeOf(types: ContentTypes, partName: string): string | undefined {
  const override = Object.entries(types.overrides).find(([k]) => k.toUpperCase() === ('/' + partName).toUpperCase());
  if (override) return override[1];
  const dot = partName.lastIndexOf('.');
  const slash = partName.lastIndexOf('/');
  if (dot < 0 || dot < slash) return undefined;
  const ext = partName.slice(dot + 1).toUpperCase();
  return Object.entries(types.defaults).find(([k]) => k.toUpperCase() === ext)?.[1];
}

export function parseRelationships(xml: Buffer | string): Relationship[] {
  const root = parseXml(xml);
  if (localName(root) !== 'Relationships') throw new Error(`root element is <${root.name}>, expected <Relationships>`);
  return root.children
    .filter((c) => localName(c) === 'Relationship')
    .map((c) => ({ type: c.attributes.Type ?? '', target: c.attributes.Target ?? '', id: c.attributes.Id ?? '' }));
}

export interface DacMetadata {
  name: string;
  version: string;
  description?: string;
}

export function parseDacMetadata(xml: Buffer | string): DacMetadata {
  const root = parseXml(xml);
  if (localName(root) !== 'DacType') throw new Error(`root element is <${root.name}>, expected <DacType>`);
  const name = childText(root, 'Name');
  if (name === undefined) throw new Error('<Name> is missing');
  return { name, version: childText(root, 'Version') ?? '', description: child(root, 'Description')?.text };
}
