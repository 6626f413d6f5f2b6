/**
 * A streaming ZIP writer for bacpac packages, on `node:fs` positional writes and `node:zlib`.
 *
 * Why not `archiver` (the product design names it)? Checked against archiver 8 / zip-stream 7 / compress-commons 7
 * (node_modules/compress-commons/lib/archivers/zip/zip-archive-output-stream.js) and by experiment:
 * - `_normalizeEntry` forces general-purpose bit 3 (data descriptor) on every deflated entry and writes zero
 *   CRC/sizes in the local header; there is no option to turn that off. bacpac-format.md §2.2 (and DacFx's own
 *   output) wants flags 0 with CRC and sizes in the local header.
 * - For an entry whose local header lies past 4 GiB it bumps version-needed to 45 only in the central header
 *   (and only for offsets > 0xFFFFFFFF, not ≥), leaving 20 in the local header: exactly the local/central mismatch
 *   that made SSMS reject .NET Core-written bacpacs (dotnet/runtime#94899, DacFx#363).
 * - It writes no OPC padding field, and it is a pure output stream, so it cannot patch a header after the data.
 * - archiver 8 is ESM-only while this project compiles to CommonJS.
 * Hence this writer: headers are reserved, data streamed, then the final header written in place.
 *
 * Layout rules (§2.2): version-needed 20 deflate / 10 stored / 45 for any entry that needs Zip64 (a size or the
 * local-header offset ≥ 0xFFFFFFFF), identical in local and central header; flags 0; the 28-byte padding field in
 * every local header; version-made-by 0x002D; no extra field in small central headers; no comments; Zip64 end
 * record and locator when the entry count reaches 0xFFFF or the central directory offset/size reaches 0xFFFFFFFF.
 * Entries are written one after another: at most one entry is open at a time.
 */
import { promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { BackupError } from '../errors';
import { compressEntry, DEFAULT_BLOCK_SIZE, ZipEntrySink, type CompressedEntry, type EntryOutput, type EntrySizes } from './zipEntrySink';
import {
  LOCAL_EXTRA_LENGTH,
  LOCAL_HEADER_FIXED,
  METHOD_DEFLATED,
  METHOD_STORED,
  centralHeaderLength,
  encodeCentralHeader,
  encodeEndRecords,
  encodeLocalHeader,
  toDosDateTime,
  type EntryHeaderFields,
} from './zipRecords';

const WRITE_BUFFER_SIZE = 1024 * 1024;

export interface ZipFileWriterOptions {
  /** Staging block size (default 1 MiB); tests use small blocks to exercise the block chaining. */
  blockSize?: number;
  /** Blocks compressed or queued at once per entry (default: cores, 2 to 4). */
  maxInFlight?: number;
  /** Clock for the entries' DOS time stamps (default: the current local time, as DacFx). */
  now?: () => Date;
}

/** A ZIP entry name must be ASCII (WindowsBase decodes names as ASCII), non-empty, and not a directory. */
function encodeName(name: string): Buffer {
  if (name.length === 0 || name.length > 0xffff || name.endsWith('/') || !/^[\x20-\x7e]+$/.test(name)) {
    throw new BackupError('internal', `Invalid ZIP entry name "${name}": names must be printable ASCII and not end with "/".`);
  }
  return Buffer.from(name, 'ascii');
}

export function ioError(action: string, path: string, cause: unknown): BackupError {
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  const hint = code === 'ENOSPC' ? 'Free some disk space in the target folder and try again.' : undefined;
  return new BackupError('io', `Could not ${action} ${path}: ${(cause as Error)?.message ?? String(cause)}`, { cause, hint });
}

export class ZipFileWriter {
  /** Logical end of the file: bytes on disk plus bytes still in the write-behind buffer. */
  private offset = 0;
  private readonly pending = Buffer.allocUnsafeSlow(WRITE_BUFFER_SIZE);
  private pendingLength = 0;
  /** File position of pending[0]. */
  private pendingStart = 0;
  private readonly entries: EntryHeaderFields[] = [];
  private readonly names = new Set<string>();
  private current: { name: Buffer; method: number; headerOffset: number; dosDateTime: number } | undefined;
  private currentName: Buffer | undefined;
  private currentMethod = METHOD_DEFLATED;
  private readonly pool: Buffer[] = [];
  private closed = false;
  private readonly blockSize: number;
  private readonly maxInFlight: number;
  private readonly now: () => Date;

  private constructor(
    private readonly fh: FileHandle,
    readonly path: string,
    options: ZipFileWriterOptions,
  ) {
    this.blockSize = options.blockSize ?? DEFAULT_BLOCK_SIZE;
    this.maxInFlight = options.maxInFlight ?? Math.min(4, Math.max(2, availableParallelism()));
    this.now = options.now ?? (() => new Date());
  }

  /** Creates `path` (which must not exist yet: the caller picks a fresh temporary name). */
  static async create(path: string, options: ZipFileWriterOptions = {}): Promise<ZipFileWriter> {
    let fh: FileHandle;
    try {
      fh = await fsp.open(path, 'wx');
    } catch (e) {
      throw ioError('create', path, e);
    }
    return new ZipFileWriter(fh, path, options);
  }

  /** Bytes of the package so far (including buffered bytes and the reserved header of the open entry). */
  get bytesWritten(): number {
    return this.offset;
  }

  /** Opens a streamed entry (zlib level 1–9, or `null` to store it); only one may be open at a time. */
  openEntry(name: string, level: number | null): ZipEntrySink {
    this.reserveEntry(name, level);
    return new ZipEntrySink(this.output, level, this.maxInFlight);
  }

  /** Writes an entry compressed beforehand (compressEntry), e.g. while the entry before it was being written. */
  async addCompressedEntry(name: string, entry: CompressedEntry): Promise<EntrySizes> {
    this.reserveEntry(name, entry.level);
    await this.output.beginEntry();
    for (const chunk of entry.chunks) await this.append(chunk);
    await this.output.completeEntry(entry.sizes);
    return entry.sizes;
  }

  /** Compresses an entry's bytes the way this writer would stream them, without touching the file. */
  compress(data: Uint8Array, level: number | null): Promise<CompressedEntry> {
    return compressEntry(data, level, this.blockSize, this.maxInFlight + 1);
  }

  /** Makes `name` the open entry, after the checks every entry needs. */
  private reserveEntry(name: string, level: number | null): void {
    this.assertWritable();
    if (this.currentName) throw new BackupError('internal', 'A ZIP entry is already open; end it before opening the next.');
    const encoded = encodeName(name);
    // OPC part names compare case-insensitively (ASCII), so two names differing only in case collide.
    const key = name.toUpperCase();
    if (this.names.has(key)) throw new BackupError('internal', `Duplicate package part "${name}".`);
    this.names.add(key);
    this.currentName = encoded;
    this.currentMethod = level === null ? METHOD_STORED : METHOD_DEFLATED;
  }

  /** Writes a whole entry from memory. */
  async addEntry(name: string, data: Uint8Array, level: number | null): Promise<EntrySizes> {
    const sink = this.openEntry(name, level);
    await sink.write(data);
    return sink.end();
  }

  /** Writes the central directory and end records and closes the file. Returns the file size. */
  async finish(): Promise<number> {
    this.assertWritable();
    if (this.currentName) throw new BackupError('internal', 'Cannot finish the package while an entry is open.');
    const centralOffset = this.offset;
    let centralSize = 0;
    const batchLimit = 1024 * 1024;
    let batch = Buffer.alloc(Math.min(batchLimit, this.entries.reduce((n, e) => n + centralHeaderLength(e), 0)) || 1);
    let used = 0;
    for (const e of this.entries) {
      const len = centralHeaderLength(e);
      if (used + len > batch.length) {
        await this.append(batch.subarray(0, used));
        used = 0;
        if (len > batch.length) batch = Buffer.alloc(len);
      }
      used += encodeCentralHeader(e, batch, used);
      centralSize += len;
    }
    if (used > 0) await this.append(batch.subarray(0, used));
    await this.append(encodeEndRecords(this.entries.length, centralOffset, centralSize));
    await this.flush();
    try {
      await this.fh.truncate(this.offset);
      await this.fh.sync();
      await this.fh.close();
    } catch (e) {
      throw ioError('finish', this.path, e);
    }
    this.closed = true;
    return this.offset;
  }

  /** Closes the file (if open) and deletes it. Safe to call more than once, and after a failure. */
  async abort(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      await this.fh.close().catch(() => undefined);
    }
    await fsp.rm(this.path, { force: true }).catch(() => undefined);
  }

  private assertWritable(): void {
    if (this.closed) throw new BackupError('internal', 'The package file is already closed.');
  }

  /**
   * Appends at the end of the file. Small pieces gather in a write-behind buffer (one disk write per MiB instead of
   * several per small entry); large ones go straight to the disk.
   */
  private async append(data: Buffer): Promise<void> {
    if (data.length >= WRITE_BUFFER_SIZE / 2) {
      await this.flush();
      await this.writeFully(data, this.offset);
      this.offset += data.length;
      this.pendingStart = this.offset;
      return;
    }
    if (this.pendingLength + data.length > WRITE_BUFFER_SIZE) await this.flush();
    data.copy(this.pending, this.pendingLength);
    this.pendingLength += data.length;
    this.offset += data.length;
  }

  /** Writes bytes at an earlier position (a local header): patched in the buffer when still there, else on disk. */
  private async writeAt(data: Buffer, position: number): Promise<void> {
    const inBuffer = Math.min(data.length, Math.max(0, position + data.length - this.pendingStart));
    const onDisk = data.length - inBuffer;
    if (onDisk > 0) await this.writeFully(data.subarray(0, onDisk), position);
    if (inBuffer > 0) data.copy(this.pending, position + onDisk - this.pendingStart, onDisk);
  }

  private async flush(): Promise<void> {
    if (this.pendingLength === 0) return;
    await this.writeFully(this.pending.subarray(0, this.pendingLength), this.pendingStart);
    this.pendingStart += this.pendingLength;
    this.pendingLength = 0;
  }

  private async writeFully(data: Buffer, position: number): Promise<void> {
    let done = 0;
    try {
      while (done < data.length) {
        const { bytesWritten } = await this.fh.write(data, done, data.length - done, position + done);
        done += bytesWritten;
      }
    } catch (e) {
      throw ioError('write', this.path, e);
    }
  }

  private readonly output: EntryOutput = {
    beginEntry: async () => {
      const name = this.currentName as Buffer;
      const headerOffset = this.offset;
      this.current = { name, method: this.currentMethod, headerOffset, dosDateTime: toDosDateTime(this.now()) };
      // placeholder bytes; the real header is written over them when the entry completes
      await this.append(Buffer.alloc(LOCAL_HEADER_FIXED + name.length + LOCAL_EXTRA_LENGTH));
      return headerOffset;
    },
    append: (data) => this.append(data),
    completeEntry: async (sizes) => {
      const c = this.current;
      if (!c) throw new BackupError('internal', 'ZIP entry completed before it began.');
      const fields: EntryHeaderFields = {
        name: c.name,
        method: c.method,
        crc32: sizes.crc32,
        compressedSize: sizes.compressedBytes,
        uncompressedSize: sizes.uncompressedBytes,
        localHeaderOffset: c.headerOffset,
        dosDateTime: c.dosDateTime,
      };
      await this.writeAt(encodeLocalHeader(fields), c.headerOffset);
      this.entries.push(fields);
      this.current = undefined;
      this.currentName = undefined;
    },
    takeBlock: () => this.pool.pop() ?? Buffer.allocUnsafeSlow(this.blockSize),
    giveBlock: (block) => {
      if (this.pool.length < this.maxInFlight + 2) this.pool.push(block);
    },
  };
}
