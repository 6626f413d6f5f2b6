/**
 * A strict ZIP reader for bacpac packages. It reads only the end records, the central directory and the local
 * headers (never the whole file), and checks every rule of bacpac-format.md §2.2, i.e. what the .NET Framework
 * WindowsBase reader (SSMS, SqlPackage on .NET Framework) enforces. Violations are collected as issues with stable
 * codes; entry data is streamed on demand with CRC-32 and size checks.
 *
 * Issue codes:
 *   zip.version-needed                version-needed not in {10, 11, 20, 45}
 *   zip.zip64-version                 an entry needing Zip64 without version 45 (local or central)
 *   zip.zip64-without-45              a Zip64 extra field in a header whose version is below 45
 *   zip.zip64-local-incomplete        a local Zip64 field without both sizes
 *   zip.zip64-field                   Zip64 values escaped but the Zip64 field is missing or short
 *   zip.extra-field                   extra field lengths do not add up, or a duplicate Zip64/padding field
 *   zip.local-central-mismatch        local header differs from the central directory (name, version, flags, method, CRC, sizes)
 *   zip.local-header                  no local header signature at the recorded offset
 *   zip.data-descriptor-64-without-45 a 64-bit data descriptor in an entry with version below 45
 *   zip.data-descriptor-mismatch      a data descriptor that matches no accepted form / the central directory
 *   zip.method                        compression method other than 0 or 8
 *   zip.encrypted                     encryption flag set
 *   zip.name-not-ascii                a name with bytes outside printable ASCII
 *   zip.directory-entry               a name ending in "/"
 *   zip.duplicate-name                two entries with the same name (OPC compares case-insensitively)
 *   zip.overlap                       entries overlap each other or run into the central directory
 *   zip.multi-disk                    disk numbers other than 0
 *   zip.truncated                     an entry's data lies beyond the end of the file
 * Fatal problems (no end record, unreadable central directory) throw PackageFormatError with codes
 *   zip.eocd-missing, zip.zip64-eocd, zip.central-directory.
 * Data errors while streaming throw PackageFormatError: zip.crc-mismatch, zip.size-mismatch, zip.inflate.
 */
import { constants as fsConstants, promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import * as zlib from 'node:zlib';
import { Readable } from 'node:stream';
import { BackupError } from '../errors';
import type { VerifyIssue } from '../verify/types';
import { crc32 } from './crc32';
import {
  ACCEPTED_VERSIONS,
  CENTRAL_HEADER_FIXED,
  EOCD_SIZE,
  EXTRA_ZIP64,
  LOCAL_HEADER_FIXED,
  METHOD_DEFLATED,
  METHOD_STORED,
  SIG_CENTRAL,
  SIG_DATA_DESCRIPTOR,
  SIG_EOCD,
  SIG_LOCAL,
  SIG_ZIP64_EOCD,
  SIG_ZIP64_LOCATOR,
  U16_MAX,
  U32_MAX,
  VERSION_ZIP64,
  ZIP64_EOCD_SIZE,
  ZIP64_LOCATOR_SIZE,
  entryNeedsZip64,
  isPaddingElement,
  readU64,
  splitExtraField,
  type ExtraFieldElement,
} from './zipRecords';

/** A fatal format problem, with the stable issue code a verifier can report. */
export class PackageFormatError extends BackupError {
  constructor(
    readonly code: string,
    message: string,
    readonly where?: string,
  ) {
    super('format', message);
  }
}

export interface ZipEntryInfo {
  name: string;
  versionMadeBy: number;
  versionNeeded: number;
  flags: number;
  method: number;
  dosDateTime: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
  /** Offset of the first data byte (after the local header), or -1 when the local header is unreadable. */
  dataOffset: number;
  /** Bytes after the data that belong to the entry (its data descriptor). */
  descriptorSize: number;
  /** The central header carried a Zip64 field. */
  zip64: boolean;
  /** The local header carried the OPC padding field. */
  localPadding: boolean;
}

const READ_CHUNK = 1024 * 1024;
const HEADER_WINDOW = 64 * 1024;
/** A bacpac's central directory is a few hundred bytes per part; more than this is refused rather than held. */
const MAX_CENTRAL_DIRECTORY = 64 * 1024 * 1024;
/** A bacpac has a handful of documents and one entry per BCP part; far more is refused rather than indexed. */
const MAX_ENTRIES = 250_000;
/** The most a deflate stream can expand (258-byte matches at ~2 bits each). */
const MAX_DEFLATE_RATIO = 1032;

interface ParsedExtra {
  zip64?: ExtraFieldElement;
  padding: boolean;
  valid: boolean;
  duplicate: boolean;
}

function parseExtra(extra: Buffer): ParsedExtra {
  const elements = splitExtraField(extra);
  if (!elements) return { padding: false, valid: false, duplicate: false };
  const zip64s = elements.filter((e) => e.id === EXTRA_ZIP64);
  const paddings = elements.filter(isPaddingElement);
  return { zip64: zip64s[0], padding: paddings.length > 0, valid: true, duplicate: zip64s.length > 1 || paddings.length > 1 };
}

function isPrintableAscii(bytes: Buffer): boolean {
  for (const b of bytes) if (b < 0x20 || b > 0x7e) return false;
  return true;
}

export class ZipReader {
  readonly issues: VerifyIssue[] = [];
  readonly entries: ZipEntryInfo[] = [];
  private readonly byName = new Map<string, ZipEntryInfo>();
  private readonly byNameUpper = new Set<string>();
  /** Whether the archive ends with Zip64 end records. */
  zip64Archive = false;
  centralDirectoryOffset = 0;
  centralDirectorySize = 0;

  private constructor(
    private readonly fh: FileHandle,
    readonly path: string,
    readonly fileSize: number,
  ) {}

  /** Opens `path` and checks its structure; throws PackageFormatError when it cannot be read as a ZIP at all. */
  static async open(path: string): Promise<ZipReader> {
    let fh: FileHandle;
    try {
      // Non-blocking: opening a FIFO for reading would otherwise wait for a writer forever. Regular files ignore it.
      fh = await fsp.open(path, fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0));
    } catch (e) {
      throw new BackupError('io', `Could not open ${path}: ${(e as Error).message}`, { cause: e });
    }
    try {
      const stats = await fh.stat();
      if (!stats.isFile()) throw new BackupError('io', `${path} is not a regular file (a pipe, device or folder), so it cannot be a backup.`);
      const size = stats.size;
      const reader = new ZipReader(fh, path, size);
      await reader.load();
      return reader;
    } catch (e) {
      await fh.close().catch(() => undefined);
      throw e;
    }
  }

  async close(): Promise<void> {
    await this.fh.close().catch(() => undefined);
  }

  entry(name: string): ZipEntryInfo | undefined {
    return this.byName.get(name);
  }

  private issue(code: string, message: string, where?: string): void {
    this.issues.push(where === undefined ? { code, message } : { code, message, where });
  }

  private async read(position: number, length: number): Promise<Buffer> {
    const buf = Buffer.alloc(length);
    let done = 0;
    while (done < length) {
      const { bytesRead } = await this.fh.read(buf, done, length - done, position + done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return done === length ? buf : buf.subarray(0, done);
  }

  private async load(): Promise<void> {
    const { eocdOffset, eocd } = await this.findEocd();
    let diskNumber = eocd.readUInt16LE(4);
    let cdDisk = eocd.readUInt16LE(6);
    let countOnDisk = eocd.readUInt16LE(8);
    let count = eocd.readUInt16LE(10);
    let cdSize = eocd.readUInt32LE(12);
    let cdOffset = eocd.readUInt32LE(16);
    let endOfEntries = eocdOffset;

    const escaped = diskNumber === U16_MAX || cdDisk === U16_MAX || countOnDisk === U16_MAX || count === U16_MAX || cdSize === U32_MAX || cdOffset === U32_MAX;
    const locatorAt = eocdOffset - ZIP64_LOCATOR_SIZE;
    const locator = locatorAt >= 0 ? await this.read(locatorAt, ZIP64_LOCATOR_SIZE) : Buffer.alloc(0);
    if (locator.length === ZIP64_LOCATOR_SIZE && locator.readUInt32LE(0) === SIG_ZIP64_LOCATOR) {
      this.zip64Archive = true;
      const z64Offset = readU64(locator, 8);
      if (locator.readUInt32LE(4) !== 0 || locator.readUInt32LE(16) !== 1) this.issue('zip.multi-disk', 'The Zip64 locator names more than one disk.');
      const rec = await this.read(z64Offset, ZIP64_EOCD_SIZE);
      if (rec.length < ZIP64_EOCD_SIZE || rec.readUInt32LE(0) !== SIG_ZIP64_EOCD || z64Offset + ZIP64_EOCD_SIZE > locatorAt) {
        throw new PackageFormatError('zip.zip64-eocd', 'The Zip64 end of central directory record is missing or damaged.');
      }
      // As WindowsBase: a 64-bit value is used only where the 32-bit EOCD field holds the escape value.
      if (diskNumber === U16_MAX) diskNumber = rec.readUInt32LE(16);
      if (cdDisk === U16_MAX) cdDisk = rec.readUInt32LE(20);
      if (countOnDisk === U16_MAX) countOnDisk = readU64(rec, 24);
      if (count === U16_MAX) count = readU64(rec, 32);
      if (cdSize === U32_MAX) cdSize = readU64(rec, 40);
      if (cdOffset === U32_MAX) cdOffset = readU64(rec, 48);
      endOfEntries = z64Offset;
    } else if (escaped) {
      throw new PackageFormatError('zip.zip64-eocd', 'The end record holds Zip64 escape values but there is no Zip64 locator.');
    }
    if (diskNumber !== 0 || cdDisk !== 0 || countOnDisk !== count) this.issue('zip.multi-disk', 'The archive claims to span several disks.');
    if (cdSize > MAX_CENTRAL_DIRECTORY) {
      throw new PackageFormatError('zip.central-directory', `The central directory claims ${cdSize} bytes, more than the ${MAX_CENTRAL_DIRECTORY / 1024 / 1024} MiB this reader accepts.`);
    }
    if (cdOffset + cdSize > endOfEntries) {
      throw new PackageFormatError('zip.central-directory', `The central directory (offset ${cdOffset}, ${cdSize} bytes) does not fit before the end records: the file is truncated or damaged.`);
    }
    if (count > MAX_ENTRIES) {
      throw new PackageFormatError('zip.central-directory', `The archive claims ${count} entries, more than the ${MAX_ENTRIES.toLocaleString('en-US')} this reader accepts.`);
    }
    this.centralDirectoryOffset = cdOffset;
    this.centralDirectorySize = cdSize;
    const cd = await this.read(cdOffset, cdSize);
    this.parseCentralDirectory(cd, count);
    await this.checkLocalHeaders();
    this.checkLayout();
  }

  private async findEocd(): Promise<{ eocdOffset: number; eocd: Buffer }> {
    const tailLength = Math.min(this.fileSize, EOCD_SIZE + 0xffff);
    const tailStart = this.fileSize - tailLength;
    const tail = await this.read(tailStart, tailLength);
    for (let i = tail.length - EOCD_SIZE; i >= 0; i--) {
      if (tail.readUInt32LE(i) === SIG_EOCD && tail.readUInt16LE(i + 20) === tail.length - i - EOCD_SIZE) {
        return { eocdOffset: tailStart + i, eocd: tail.subarray(i, i + EOCD_SIZE) };
      }
    }
    throw new PackageFormatError('zip.eocd-missing', `${this.path} has no ZIP end of central directory record: it is not a package, or it is truncated.`);
  }

  private parseCentralDirectory(cd: Buffer, count: number): void {
    let p = 0;
    for (let n = 0; n < count; n++) {
      if (p + CENTRAL_HEADER_FIXED > cd.length || cd.readUInt32LE(p) !== SIG_CENTRAL) {
        throw new PackageFormatError('zip.central-directory', `Central directory entry ${n + 1} of ${count} is missing or damaged.`);
      }
      const nameLen = cd.readUInt16LE(p + 28);
      const extraLen = cd.readUInt16LE(p + 30);
      const commentLen = cd.readUInt16LE(p + 32);
      const end = p + CENTRAL_HEADER_FIXED + nameLen + extraLen + commentLen;
      if (end > cd.length) throw new PackageFormatError('zip.central-directory', `Central directory entry ${n + 1} runs past the directory.`);
      const nameBytes = cd.subarray(p + CENTRAL_HEADER_FIXED, p + CENTRAL_HEADER_FIXED + nameLen);
      const name = nameBytes.toString('latin1');
      const extra = cd.subarray(p + CENTRAL_HEADER_FIXED + nameLen, p + CENTRAL_HEADER_FIXED + nameLen + extraLen);
      const e: ZipEntryInfo = {
        name,
        versionMadeBy: cd.readUInt16LE(p + 4),
        versionNeeded: cd.readUInt16LE(p + 6),
        flags: cd.readUInt16LE(p + 8),
        method: cd.readUInt16LE(p + 10),
        dosDateTime: cd.readUInt32LE(p + 12),
        crc32: cd.readUInt32LE(p + 16),
        compressedSize: cd.readUInt32LE(p + 20),
        uncompressedSize: cd.readUInt32LE(p + 24),
        localHeaderOffset: cd.readUInt32LE(p + 42),
        dataOffset: -1,
        descriptorSize: 0,
        zip64: false,
        localPadding: false,
      };
      const diskStart = cd.readUInt16LE(p + 34);
      this.checkCommon(e, nameBytes, 'central');
      const parsed = parseExtra(extra);
      if (!parsed.valid || parsed.duplicate) this.issue('zip.extra-field', 'The central header extra field is malformed or repeats a Zip64/padding field.', name);
      if (parsed.zip64) {
        e.zip64 = true;
        if (e.versionNeeded < VERSION_ZIP64) {
          this.issue('zip.zip64-without-45', `Central header has a Zip64 field but version-needed ${e.versionNeeded}.`, name);
        } else {
          // Fields appear in this order, each only when its 32-bit field is escaped (APPNOTE 4.5.3).
          const d = parsed.zip64.data;
          let q = 0;
          const take = (): number | undefined => {
            if (q + 8 > d.length) return undefined;
            const v = readU64(d, q);
            q += 8;
            return v;
          };
          let short = false;
          if (e.uncompressedSize === U32_MAX) e.uncompressedSize = take() ?? ((short = true), e.uncompressedSize);
          if (e.compressedSize === U32_MAX) e.compressedSize = take() ?? ((short = true), e.compressedSize);
          if (e.localHeaderOffset === U32_MAX) e.localHeaderOffset = take() ?? ((short = true), e.localHeaderOffset);
          if (diskStart === U16_MAX && q + 4 > d.length) short = true;
          if (short) this.issue('zip.zip64-field', 'Central header escapes a value its Zip64 field does not carry.', name);
        }
      } else if (e.versionNeeded >= VERSION_ZIP64 && (e.uncompressedSize === U32_MAX || e.compressedSize === U32_MAX || e.localHeaderOffset === U32_MAX)) {
        this.issue('zip.zip64-field', 'Central header escapes a value but has no Zip64 field.', name);
      }
      if (diskStart !== 0) this.issue('zip.multi-disk', `Entry starts on disk ${diskStart}.`, name);
      if (entryNeedsZip64(e.compressedSize, e.uncompressedSize, e.localHeaderOffset) && e.versionNeeded !== VERSION_ZIP64) {
        this.issue('zip.zip64-version', `Entry needs Zip64 (offset ${e.localHeaderOffset}, ${e.compressedSize}/${e.uncompressedSize} bytes) but its central header says version ${e.versionNeeded}, not 45.`, name);
      }
      const key = name.trim().toUpperCase();
      if (this.byNameUpper.has(key)) this.issue('zip.duplicate-name', 'Two entries have this name (OPC part names compare case-insensitively).', name);
      this.byNameUpper.add(key);
      this.entries.push(e);
      if (!this.byName.has(name)) this.byName.set(name, e);
      p = end;
    }
    if (p !== cd.length) this.issue('zip.central-directory', `The central directory has ${cd.length - p} bytes beyond its ${count} entries.`);
  }


  private checkCommon(e: { versionNeeded: number; flags: number; method: number; name: string }, nameBytes: Buffer, where: string): void {
    if (!ACCEPTED_VERSIONS.includes(e.versionNeeded)) this.issue('zip.version-needed', `${where} header version-needed is ${e.versionNeeded}; only 10, 11, 20 and 45 are accepted.`, e.name);
    if (e.flags & 0x0001) this.issue('zip.encrypted', `${where} header marks the entry as encrypted.`, e.name);
    if (e.method !== METHOD_STORED && e.method !== METHOD_DEFLATED) this.issue('zip.method', `${where} header uses compression method ${e.method}; only 0 (stored) and 8 (deflate) are accepted.`, e.name);
    if (where === 'central') {
      if (!isPrintableAscii(nameBytes) || nameBytes.length === 0) this.issue('zip.name-not-ascii', 'The entry name is empty or not printable ASCII.', e.name);
      if (e.name.endsWith('/')) this.issue('zip.directory-entry', 'Directory entries are not part of a bacpac.', e.name);
    }
  }

  /**
   * Reads through a small window so that consecutive local headers of small entries cost one read per window,
   * not two per entry (a package can have 100,000 entries).
   */
  private window: { start: number; data: Buffer } = { start: 0, data: Buffer.alloc(0) };

  private async readNear(position: number, length: number): Promise<Buffer> {
    const w = this.window;
    if (position >= w.start && position + length <= w.start + w.data.length) return w.data.subarray(position - w.start, position - w.start + length);
    this.window = { start: position, data: await this.read(position, Math.max(length, HEADER_WINDOW)) };
    return this.window.data.subarray(0, Math.min(length, this.window.data.length));
  }

  private async checkLocalHeaders(): Promise<void> {
    const inFileOrder = [...this.entries].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
    for (const e of inFileOrder) {
      const head = await this.readNear(e.localHeaderOffset, LOCAL_HEADER_FIXED);
      if (head.length < LOCAL_HEADER_FIXED) {
        this.issue('zip.truncated', `The local header at offset ${e.localHeaderOffset} lies beyond the end of the file.`, e.name);
        continue;
      }
      if (head.readUInt32LE(0) !== SIG_LOCAL) {
        this.issue('zip.local-header', `No local header at offset ${e.localHeaderOffset}.`, e.name);
        continue;
      }
      const version = head.readUInt16LE(4);
      const flags = head.readUInt16LE(6);
      const method = head.readUInt16LE(8);
      const crc = head.readUInt32LE(14);
      let compressed = head.readUInt32LE(18);
      let uncompressed = head.readUInt32LE(22);
      const nameLen = head.readUInt16LE(26);
      const extraLen = head.readUInt16LE(28);
      const rest = await this.readNear(e.localHeaderOffset + LOCAL_HEADER_FIXED, nameLen + extraLen);
      const name = rest.subarray(0, nameLen).toString('latin1');
      const extra = rest.subarray(nameLen, nameLen + extraLen);
      e.dataOffset = e.localHeaderOffset + LOCAL_HEADER_FIXED + nameLen + extraLen;
      this.checkCommon({ versionNeeded: version, flags, method, name: e.name }, rest.subarray(0, nameLen), 'local');

      const parsed = parseExtra(extra);
      e.localPadding = parsed.padding;
      if (!parsed.valid || parsed.duplicate) this.issue('zip.extra-field', 'The local header extra field is malformed or repeats a Zip64/padding field.', e.name);
      if (parsed.zip64) {
        if (version < VERSION_ZIP64) {
          this.issue('zip.zip64-without-45', `Local header has a Zip64 field but version-needed ${version}.`, e.name);
        } else if (compressed === U32_MAX || uncompressed === U32_MAX) {
          if (compressed !== U32_MAX || uncompressed !== U32_MAX || parsed.zip64.data.length < 16) {
            this.issue('zip.zip64-local-incomplete', 'A local Zip64 field must carry both sizes.', e.name);
          } else {
            uncompressed = readU64(parsed.zip64.data, 0);
            compressed = readU64(parsed.zip64.data, 8);
          }
        }
      }
      if (entryNeedsZip64(e.compressedSize, e.uncompressedSize, e.localHeaderOffset) && version !== VERSION_ZIP64) {
        this.issue('zip.zip64-version', `Entry needs Zip64 but its local header says version ${version}, not 45.`, e.name);
      }

      const mismatches: string[] = [];
      if (name.trim() !== e.name.trim()) mismatches.push(`name "${name}"`);
      if (version !== e.versionNeeded) mismatches.push(`version-needed ${version} vs ${e.versionNeeded}`);
      if (flags !== e.flags) mismatches.push(`flags 0x${flags.toString(16)} vs 0x${e.flags.toString(16)}`);
      if (method !== e.method) mismatches.push(`method ${method} vs ${e.method}`);
      if (flags & 0x0008) {
        await this.checkDataDescriptor(e, version);
      } else {
        if (crc !== e.crc32) mismatches.push(`CRC ${crc.toString(16)} vs ${e.crc32.toString(16)}`);
        if (compressed !== e.compressedSize) mismatches.push(`compressed size ${compressed} vs ${e.compressedSize}`);
        if (uncompressed !== e.uncompressedSize) mismatches.push(`uncompressed size ${uncompressed} vs ${e.uncompressedSize}`);
      }
      if (mismatches.length > 0) this.issue('zip.local-central-mismatch', `Local header differs from the central directory: ${mismatches.join(', ')}.`, e.name);
    }
  }

  /** The four descriptor forms WindowsBase accepts, tried in its order; the 64-bit ones only with version 45. */
  private async checkDataDescriptor(e: ZipEntryInfo, version: number): Promise<void> {
    const d = await this.read(e.dataOffset + e.compressedSize, 24);
    const u32 = (i: number): number | undefined => (i + 4 <= d.length ? d.readUInt32LE(i) : undefined);
    const u64 = (i: number): number | undefined => (i + 8 <= d.length ? readU64(d, i) : undefined);
    const matches = (crc?: number, c?: number, u?: number): boolean => crc === e.crc32 && c === e.compressedSize && u === e.uncompressedSize;
    if (matches(u32(0), u32(4), u32(8))) {
      e.descriptorSize = 12;
      return;
    }
    if (u32(0) === SIG_DATA_DESCRIPTOR && matches(u32(4), u32(8), u32(12))) {
      e.descriptorSize = 16;
      return;
    }
    const is64NoSig = matches(u32(0), u64(4), u64(12));
    const is64Sig = u32(0) === SIG_DATA_DESCRIPTOR && matches(u32(4), u64(8), u64(16));
    if (is64NoSig || is64Sig) {
      e.descriptorSize = is64Sig ? 24 : 20;
      if (version < VERSION_ZIP64) this.issue('zip.data-descriptor-64-without-45', `A 64-bit data descriptor needs version-needed 45, the entry has ${version}.`, e.name);
      return;
    }
    this.issue('zip.data-descriptor-mismatch', 'The data descriptor is missing or differs from the central directory.', e.name);
  }

  private checkLayout(): void {
    const sorted = this.entries.filter((e) => e.dataOffset >= 0).sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
    for (let i = 0; i < sorted.length; i++) {
      const e = sorted[i];
      const end = e.dataOffset + e.compressedSize + e.descriptorSize;
      if (end > this.fileSize) this.issue('zip.truncated', `The entry's data ends at ${end}, beyond the end of the file (${this.fileSize}).`, e.name);
      const next = i + 1 < sorted.length ? sorted[i + 1].localHeaderOffset : this.centralDirectoryOffset;
      if (end > next) {
        this.issue('zip.overlap', i + 1 < sorted.length ? `The entry runs into ${sorted[i + 1].name}.` : 'The entry runs into the central directory.', e.name);
      }
    }
  }

  /** Streams an entry's uncompressed bytes. Throws PackageFormatError on a CRC or size mismatch or bad deflate data. */
  async *openEntry(name: string | ZipEntryInfo): AsyncGenerator<Buffer> {
    const e = typeof name === 'string' ? this.byName.get(name) : name;
    if (!e) throw new PackageFormatError('package.missing-part', `The package has no part "${String(name)}".`, String(name));
    if (e.dataOffset < 0) throw new PackageFormatError('zip.local-header', 'The entry has no readable local header.', e.name);
    if (e.method !== METHOD_STORED && e.method !== METHOD_DEFLATED) throw new PackageFormatError('zip.method', `Compression method ${e.method} is not supported.`, e.name);
    if (e.flags & 1) throw new PackageFormatError('zip.encrypted', 'The entry is encrypted.', e.name);
    // Deflate expands at most 1032:1: a larger declared size is not honest, and inflating toward it only burns time.
    if (e.method === METHOD_DEFLATED && e.uncompressedSize > e.compressedSize * MAX_DEFLATE_RATIO + 1024) {
      throw new PackageFormatError('zip.size-implausible', `The entry declares ${e.uncompressedSize} bytes from ${e.compressedSize} compressed, more than deflate can expand to.`, e.name);
    }
    const fh = this.fh;
    const start = e.dataOffset;
    const total = e.compressedSize;
    const fileSize = this.fileSize;
    async function* raw(): AsyncGenerator<Buffer> {
      let done = 0;
      while (done < total) {
        const len = Math.min(READ_CHUNK, total - done);
        const buf = Buffer.allocUnsafe(len);
        const { bytesRead } = await fh.read(buf, 0, len, start + done);
        if (bytesRead === 0) throw new PackageFormatError('zip.truncated', `The entry's data is cut off at byte ${start + done} (file size ${fileSize}).`, e?.name);
        done += bytesRead;
        yield bytesRead === len ? buf : buf.subarray(0, bytesRead);
      }
    }
    let crc = 0;
    let size = 0;
    const source = Readable.from(raw(), { objectMode: false });
    let stream: AsyncIterable<Buffer> = source;
    let inflater: zlib.InflateRaw | undefined;
    if (e.method === METHOD_DEFLATED) {
      inflater = zlib.createInflateRaw();
      const inf = inflater;
      source.on('error', (err) => inf.destroy(err));
      source.pipe(inf);
      stream = inf;
    }
    try {
      for await (const chunk of stream) {
        crc = crc32(chunk, crc);
        size += chunk.length;
        if (size > e.uncompressedSize) throw new PackageFormatError('zip.size-mismatch', `The entry inflates to more than its recorded ${e.uncompressedSize} bytes.`, e.name);
        yield chunk;
      }
    } catch (err) {
      if (err instanceof PackageFormatError) throw err;
      const code = (err as NodeJS.ErrnoException).code ?? '';
      if (code.startsWith('Z_') || code.startsWith('ERR_ZLIB')) throw new PackageFormatError('zip.inflate', `The entry's deflate data is damaged: ${(err as Error).message}.`, e.name);
      throw err;
    } finally {
      source.destroy();
      inflater?.destroy();
    }
    if (size !== e.uncompressedSize) throw new PackageFormatError('zip.size-mismatch', `The entry has ${size} bytes, the directory says ${e.uncompressedSize}.`, e.name);
    if (crc !== e.crc32) throw new PackageFormatError('zip.crc-mismatch', `CRC-32 ${crc.toString(16).padStart(8, '0')} differs from the recorded ${e.crc32.toString(16).padStart(8, '0')}: the entry is corrupted.`, e.name);
  }

  /** Reads a small entry whole (refuses entries above `limit` bytes). */
  async readEntry(name: string, limit = 256 * 1024 * 1024): Promise<Buffer> {
    const e = this.byName.get(name);
    if (!e) throw new PackageFormatError('package.missing-part', `The package has no part "${name}".`, name);
    if (e.uncompressedSize > limit) throw new PackageFormatError('package.part-too-large', `Part ${name} has ${e.uncompressedSize} bytes, more than ${limit} to read at once.`, name);
    const chunks: Buffer[] = [];
    for await (const c of this.openEntry(e)) chunks.push(c);
    return Buffer.concat(chunks);
  }
}
