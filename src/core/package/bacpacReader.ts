/**
 * Opens a .bacpac for verification and import-style reading: the strict ZIP checks (zipReader), then the OPC and
 * bacpac layer: required parts, content types, relationships against the BCP parts, Origin.xml and
 * DacMetadata.xml parsed. Nothing is loaded whole except those small documents.
 *
 * Issue codes added here (all errors unless listed as warnings):
 *   package.missing-part        model.xml, DacMetadata.xml, Origin.xml or [Content_Types].xml is missing
 *   package.part-name           an entry under Data/ that is not a well-formed BCP part name
 *   package.unexpected-part     an entry that is none of the bacpac parts
 *   opc.content-types           [Content_Types].xml unreadable
 *   opc.content-type-missing    a part with no content type
 *   opc.relationships           _rels/.rels unreadable, or missing while there are BCP parts
 *   opc.relationship-missing    a BCP part without its table= or schema= relationship
 *   opc.relationship-mismatch   relationships whose names do not give back the part name, or duplicate ids
 *   opc.dangling-relationship   (warning) a relationship to a part that does not exist (DacFx tolerates it)
 *   origin.invalid              Origin.xml unreadable or not a DacOrigin document
 *   origin.no-exported-data     ContainsExportedData is not true
 *   origin.no-checksum          no Checksum for /model.xml
 *   dacmetadata.invalid         DacMetadata.xml unreadable
 * The model checksum itself is compared by the verifier: `computeModelChecksum()` against `origin.modelChecksum`.
 */
import { createHash } from 'node:crypto';
import type { VerifyIssue } from '../verify/types';
import { parseOriginXml, type OriginDocument } from './originXml';
import {
  CONTENT_TYPES_PART,
  DAC_METADATA_PART,
  MODEL_PART,
  ORIGIN_PART,
  RELS_PART,
  contentTypeOf,
  parseContentTypes,
  parseDacMetadata,
  parseRelationships,
  type ContentTypes,
  type DacMetadata,
  type Relationship,
} from './packageDocuments';
import { dataPartName, parsePartName } from './partNames';
import { ZipReader, type ZipEntryInfo } from './zipReader';

export interface BcpPartInfo {
  /** ZIP entry name. */
  name: string;
  /** Schema and table, from the relationships when they agree with the name, else split from the folder at its first dot. */
  schema: string;
  table: string;
  range: number;
  file: number;
  entry: ZipEntryInfo;
}

/** Origin.xml, DacMetadata.xml, [Content_Types].xml and _rels/.rels are read whole; _rels/.rels grows with the parts. */
const SMALL_PART_LIMIT = 16 * 1024 * 1024;

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export class BacpacPackageReader {
  readonly errors: VerifyIssue[] = [];
  readonly warnings: VerifyIssue[] = [];
  origin?: OriginDocument;
  dacMetadata?: DacMetadata;
  contentTypes?: ContentTypes;
  relationships: Relationship[] = [];
  /** BCP parts in ZIP order. */
  readonly dataParts: BcpPartInfo[] = [];

  private constructor(readonly zip: ZipReader) {}

  /** Opens and checks the package. Throws (PackageFormatError) only when the ZIP cannot be read at all. */
  static async open(path: string): Promise<BacpacPackageReader> {
    const zip = await ZipReader.open(path);
    const reader = new BacpacPackageReader(zip);
    try {
      reader.errors.push(...zip.issues);
      await reader.load();
      return reader;
    } catch (e) {
      await zip.close();
      throw e;
    }
  }

  get path(): string {
    return this.zip.path;
  }

  get fileSize(): number {
    return this.zip.fileSize;
  }

  async close(): Promise<void> {
    await this.zip.close();
  }

  /** Streams a part's bytes (checked against CRC and size). */
  openPart(name: string | ZipEntryInfo): AsyncGenerator<Buffer> {
    return this.zip.openEntry(name);
  }

  readPart(name: string, limit?: number): Promise<Buffer> {
    return this.zip.readEntry(name, limit);
  }

  /** Uppercase hex SHA-256 of model.xml as stored (what Origin.xml's checksum must equal), streamed. */
  async computeModelChecksum(): Promise<string> {
    const hash = createHash('sha256');
    for await (const chunk of this.zip.openEntry(MODEL_PART)) hash.update(chunk);
    return hash.digest('hex').toUpperCase();
  }

  private error(code: string, msg: string, where?: string): void {
    this.errors.push(where === undefined ? { code, message: msg } : { code, message: msg, where });
  }

  private async readSmall(name: string, code: string): Promise<Buffer | undefined> {
    if (!this.zip.entry(name)) return undefined;
    try {
      return await this.zip.readEntry(name, SMALL_PART_LIMIT);
    } catch (e) {
      this.error(code, `${name} could not be read: ${message(e)}`, name);
      return undefined;
    }
  }

  private async load(): Promise<void> {
    for (const required of [MODEL_PART, DAC_METADATA_PART, ORIGIN_PART, CONTENT_TYPES_PART]) {
      if (!this.zip.entry(required)) this.error('package.missing-part', `The package has no ${required}.`, required);
    }

    const origin = await this.readSmall(ORIGIN_PART, 'origin.invalid');
    if (origin) {
      try {
        this.origin = parseOriginXml(origin);
        if (this.origin.containsExportedData !== true) this.error('origin.no-exported-data', 'Origin.xml does not say ContainsExportedData=true; DacFx will not import it as a bacpac.', ORIGIN_PART);
        if (!this.origin.modelChecksum) this.error('origin.no-checksum', 'Origin.xml has no checksum for /model.xml.', ORIGIN_PART);
      } catch (e) {
        this.error('origin.invalid', `Origin.xml is not a valid DacOrigin document: ${message(e)}`, ORIGIN_PART);
      }
    }

    const metadata = await this.readSmall(DAC_METADATA_PART, 'dacmetadata.invalid');
    if (metadata) {
      try {
        this.dacMetadata = parseDacMetadata(metadata);
      } catch (e) {
        this.error('dacmetadata.invalid', `DacMetadata.xml is not valid: ${message(e)}`, DAC_METADATA_PART);
      }
    }

    const types = await this.readSmall(CONTENT_TYPES_PART, 'opc.content-types');
    if (types) {
      try {
        this.contentTypes = parseContentTypes(types);
      } catch (e) {
        this.error('opc.content-types', `[Content_Types].xml is not valid: ${message(e)}`, CONTENT_TYPES_PART);
      }
    }

    const rels = await this.readSmall(RELS_PART, 'opc.relationships');
    if (rels) {
      try {
        this.relationships = parseRelationships(rels);
      } catch (e) {
        this.error('opc.relationships', `_rels/.rels is not valid: ${message(e)}`, RELS_PART);
      }
    }

    this.collectParts();
    this.checkRelationships(rels !== undefined);
  }

  private collectParts(): void {
    const known = new Set([MODEL_PART, DAC_METADATA_PART, ORIGIN_PART, CONTENT_TYPES_PART, RELS_PART]);
    const byTarget = new Map<string, { table?: string; schema?: string }>();
    for (const r of this.relationships) {
      const slot = byTarget.get(r.target) ?? {};
      if (r.type.startsWith('table=')) slot.table = r.type.slice(6);
      else if (r.type.startsWith('schema=')) slot.schema = r.type.slice(7);
      byTarget.set(r.target, slot);
    }
    for (const e of this.zip.entries) {
      if (this.contentTypes && !e.name.endsWith('/') && contentTypeOf(this.contentTypes, e.name) === undefined) {
        this.error('opc.content-type-missing', 'No content type covers this part.', e.name);
      }
      if (known.has(e.name)) continue;
      if (!e.name.startsWith('Data/')) {
        this.warnings.push({ code: 'package.unexpected-part', message: 'A part that is not part of a bacpac.', where: e.name });
        continue;
      }
      const parsed = parsePartName(e.name);
      if (!parsed) {
        this.error('package.part-name', 'Not a well-formed BCP part name (Data/{schema}.{table}/TableData-NNN-NNNNN.BCP).', e.name);
        continue;
      }
      let { schema, table } = parsed;
      const rel = byTarget.get('/' + e.name);
      if (rel?.schema !== undefined && rel.table !== undefined) {
        try {
          if (dataPartName(rel.schema, rel.table, parsed.range, parsed.file) === e.name) {
            schema = rel.schema;
            table = rel.table;
          } else {
            this.error('opc.relationship-mismatch', `The relationships name [${rel.schema}].[${rel.table}], which does not give this part name.`, e.name);
          }
        } catch {
          this.error('opc.relationship-mismatch', `The relationships name [${rel.schema}].[${rel.table}], which cannot be a part name.`, e.name);
        }
      }
      this.dataParts.push({ name: e.name, schema, table, range: parsed.range, file: parsed.file, entry: e });
    }
  }

  private checkRelationships(relsPresent: boolean): void {
    if (this.dataParts.length > 0 && !relsPresent) {
      this.error('opc.relationships', 'The package has BCP parts but no _rels/.rels.', RELS_PART);
      return;
    }
    const ids = new Set<string>();
    const kinds = new Map<string, Set<string>>();
    for (const r of this.relationships) {
      if (ids.has(r.id)) this.error('opc.relationship-mismatch', `Relationship id ${r.id} is used twice.`, RELS_PART);
      ids.add(r.id);
      const kind = r.type.startsWith('table=') ? 'table' : r.type.startsWith('schema=') ? 'schema' : r.type;
      const set = kinds.get(r.target) ?? new Set<string>();
      set.add(kind);
      kinds.set(r.target, set);
      if (!r.target.startsWith('/') || !this.zip.entry(r.target.slice(1))) {
        this.warnings.push({ code: 'opc.dangling-relationship', message: `Relationship ${r.id} targets ${r.target}, which is not in the package.`, where: RELS_PART });
      }
    }
    for (const p of this.dataParts) {
      const k = kinds.get('/' + p.name);
      for (const need of ['table', 'schema']) {
        if (!k?.has(need)) this.error('opc.relationship-missing', `The part has no ${need}= relationship in _rels/.rels.`, p.name);
      }
    }
  }
}
