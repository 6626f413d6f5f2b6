/**
 * Writes a .bacpac package (bacpac-format.md §2, §3, §8) to a file, streaming:
 *   model.xml, DacMetadata.xml, [Content_Types].xml, Data/… BCP parts (deflated, or stored when compression is
 *   'none'), _rels/.rels and Origin.xml (always stored), then the central directory.
 * The file is written where the caller says (a temporary name in the target folder); renaming it is the caller's job.
 */
import { createHash } from 'node:crypto';
import type { Compression } from '../export/types';
import { BackupError } from '../errors';
import { renderOriginXml, type OriginInfo } from './originXml';
import {
  CONTENT_TYPES_PART,
  DAC_METADATA_PART,
  MODEL_PART,
  ORIGIN_PART,
  RELS_PART,
  renderContentTypes,
  renderDacMetadata,
  renderRelationships,
  type DataPartRelationshipSource,
} from './packageDocuments';
import { dataPartName, partIndexToRangeAndFile } from './partNames';
import { ZipFileWriter, type ZipFileWriterOptions } from './zipFileWriter';
import type { CompressedEntry, ZipEntrySink } from './zipEntrySink';

export type { OriginInfo } from './originXml';

/** zlib level per Compression setting; `null` stores. */
export function compressionLevel(compression: Compression): number | null {
  switch (compression) {
    case 'none':
      return null;
    case 'fast':
      return 1;
    case 'normal':
      return 6;
    case 'max':
      return 9;
  }
}

export interface PartResult {
  /** The ZIP entry name, e.g. `Data/dbo.T/TableData-000-00000.BCP`. */
  name: string;
  compressedBytes: number;
  uncompressedBytes: number;
  /** True when the part received no byte and was left out (DacFx writes no empty parts). */
  dropped: boolean;
}

/** One BCP part being written. `write` resolves when the chunk is accepted (backpressure); the chunk may be reused after. */
export interface PartSink {
  readonly name: string;
  write(chunk: Uint8Array): Promise<void>;
  end(): Promise<PartResult>;
}

export interface BacpacWriterOptions extends ZipFileWriterOptions {
  compression: Compression;
}

type Stage = 'model' | 'metadata' | 'data' | 'finished' | 'failed';

export class BacpacPackageWriter {
  private stage: Stage = 'model';
  private checksum: string | undefined;
  private contentTypesWritten = false;
  private openPartName: string | undefined;
  private readonly parts: DataPartRelationshipSource[] = [];
  private readonly partKeys = new Set<string>();
  private readonly level: number | null;

  private constructor(
    private readonly zip: ZipFileWriter,
    compression: Compression,
  ) {
    this.level = compressionLevel(compression);
  }

  /** Creates the package file at `path`, which must not exist yet. */
  static async create(path: string, opts: BacpacWriterOptions): Promise<BacpacPackageWriter> {
    return new BacpacPackageWriter(await ZipFileWriter.create(path, opts), opts.compression);
  }

  get path(): string {
    return this.zip.path;
  }

  /** Bytes in the package file so far. */
  get bytesWritten(): number {
    return this.zip.bytesWritten;
  }

  /** Uppercase hex SHA-256 of model.xml, once written (the Origin.xml checksum). */
  get modelChecksum(): string | undefined {
    return this.checksum;
  }

  /** Entry 1: model.xml exactly as given (no BOM, CRLF: the caller's bytes are what the checksum covers). Returns the checksum. */
  async writeModel(modelXml: Uint8Array): Promise<string> {
    this.expectStage('model', 'writeModel');
    return this.guard(async () => {
      const checksum = createHash('sha256').update(modelXml).digest('hex').toUpperCase();
      // model.xml is always deflated, like every DacFx package; 'none' stores only the BCP data.
      await this.zip.addEntry(MODEL_PART, modelXml, this.level ?? 1);
      this.checksum = checksum;
      this.stage = 'metadata';
      return checksum;
    });
  }

  /** Entry 2: DacMetadata.xml naming the database. */
  async writeDacMetadata(databaseName: string): Promise<void> {
    this.expectStage('metadata', 'writeDacMetadata');
    await this.guard(async () => {
      await this.zip.addEntry(DAC_METADATA_PART, renderDacMetadata(databaseName), this.level ?? 1);
      this.stage = 'data';
    });
  }

  /**
   * Opens the BCP part number `fileIndex` (0, 1, 2, …) of a table. Index 100,000 and up continue in the next range
   * (`TableData-001-00000`). Names an OPC part cannot carry are refused with BackupError 'unsupported'. One part
   * at a time; a part that receives no byte is left out.
   */
  async openPart(schema: string, table: string, fileIndex: number): Promise<PartSink> {
    const name = this.claimPartName(schema, table, fileIndex, 'openPart');
    // The ZIP entry (and, before the first one, [Content_Types].xml) is created at the first byte, so a part
    // that receives nothing leaves no trace: DacFx writes no empty parts.
    let sink: ZipEntrySink | undefined;
    let ended = false;
    const assertOpen = (): void => {
      if (ended) throw new BackupError('internal', `Part ${name} was used after end().`);
    };
    return {
      name,
      write: (chunk: Uint8Array) =>
        this.guard(async () => {
          assertOpen();
          if (chunk.length === 0) return;
          if (!sink) {
            await this.ensureContentTypes(true);
            sink = this.zip.openEntry(name, this.level);
          }
          await sink.write(chunk);
        }),
      end: () =>
        this.guard(async () => {
          assertOpen();
          ended = true;
          const sizes = sink ? await sink.end() : undefined;
          this.openPartName = undefined;
          if (!sizes) return { name, compressedBytes: 0, uncompressedBytes: 0, dropped: true };
          this.partKeys.add(name.toUpperCase());
          this.parts.push({ partName: name, schema, table });
          return { name, compressedBytes: sizes.compressedBytes, uncompressedBytes: sizes.uncompressedBytes, dropped: false };
        }),
    };
  }

  /** Writes a whole part from memory (e.g. one built by a parallel reader). */
  async writePart(schema: string, table: string, fileIndex: number, data: Uint8Array): Promise<PartResult> {
    return this.writeCompressedPart(schema, table, fileIndex, await this.compressPart(data));
  }

  /**
   * Compresses a whole part in memory, on the thread pool; touches no file, so it may run while the part before
   * is being written. `data` must stay unchanged until the part is written.
   */
  compressPart(data: Uint8Array): Promise<CompressedEntry> {
    return this.zip.compress(data, this.level);
  }

  /** Writes a part compressed by compressPart as the part number `fileIndex` of a table (see openPart). */
  async writeCompressedPart(schema: string, table: string, fileIndex: number, part: CompressedEntry): Promise<PartResult> {
    const name = this.claimPartName(schema, table, fileIndex, 'writeCompressedPart');
    return this.guard(async () => {
      try {
        if (part.sizes.uncompressedBytes === 0) return { name, compressedBytes: 0, uncompressedBytes: 0, dropped: true };
        await this.ensureContentTypes(true);
        await this.zip.addCompressedEntry(name, part);
        this.partKeys.add(name.toUpperCase());
        this.parts.push({ partName: name, schema, table });
        return { name, compressedBytes: part.sizes.compressedBytes, uncompressedBytes: part.sizes.uncompressedBytes, dropped: false };
      } finally {
        this.openPartName = undefined;
      }
    });
  }

  /** Checks the stage and the name of a table's part `fileIndex`, and marks it as the open part. */
  private claimPartName(schema: string, table: string, fileIndex: number, call: string): string {
    this.expectStage('data', call);
    if (this.openPartName) throw new BackupError('internal', `Part ${this.openPartName} is still open.`);
    const { range, file } = partIndexToRangeAndFile(fileIndex);
    const name = dataPartName(schema, table, range, file);
    // OPC part names compare case-insensitively: [dbo].[T] and [dbo].[t] would be one part.
    if (this.partKeys.has(name.toUpperCase())) {
      throw new BackupError('unsupported', `Table [${schema}].[${table}]: part ${name} collides with another part (OPC part names ignore case).`, {
        hint: 'Two tables whose names differ only in case cannot both carry data in a bacpac; exclude one table’s data.',
      });
    }
    this.openPartName = name;
    return name;
  }

  /** Writes _rels/.rels (when there is data), Origin.xml and the central directory; closes the file. */
  async finish(origin: OriginInfo): Promise<{ bytes: number; parts: number; modelChecksum: string }> {
    this.expectStage('data', 'finish');
    if (this.openPartName) throw new BackupError('internal', `Part ${this.openPartName} is still open.`);
    return this.guard(async () => {
      const hasData = this.parts.length > 0;
      await this.ensureContentTypes(hasData);
      if (hasData) await this.zip.addEntry(RELS_PART, renderRelationships(this.parts), null);
      const checksum = this.checksum as string;
      await this.zip.addEntry(ORIGIN_PART, renderOriginXml({ ...origin, modelChecksum: checksum, hasData }), null);
      const bytes = await this.zip.finish();
      this.stage = 'finished';
      return { bytes, parts: this.parts.length, modelChecksum: checksum };
    });
  }

  /** Stops writing and deletes the file. Safe after a failure and when called twice. */
  async abort(): Promise<void> {
    if (this.stage !== 'finished') this.stage = 'failed';
    await this.zip.abort();
  }

  private async ensureContentTypes(hasData: boolean): Promise<void> {
    if (this.contentTypesWritten) return;
    await this.zip.addEntry(CONTENT_TYPES_PART, renderContentTypes(hasData), this.level ?? 1);
    this.contentTypesWritten = true;
  }

  private expectStage(stage: Stage, call: string): void {
    if (this.stage === stage) return;
    if (this.stage === 'failed') throw new BackupError('internal', `${call}: the package writer failed earlier; abort() it.`);
    throw new BackupError('internal', `${call} called out of order (the package is at stage "${this.stage}").`);
  }

  /** Runs a step; any failure leaves the writer failed so no half-written package can be finished. */
  private async guard<T>(step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (e) {
      this.stage = 'failed';
      throw e;
    }
  }
}
