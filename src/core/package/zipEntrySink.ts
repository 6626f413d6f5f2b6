/**
 * Streams one ZIP entry's bytes into the package file: stage → CRC → (deflate on the thread pool) → append.
 *
 * Input is copied into fixed-size blocks. Each full block is deflated on its own with `zlib.deflateRaw` (async, so
 * it runs on libuv's pool while the caller encodes the next rows), primed with the previous 32 KiB as dictionary
 * and ended with a sync flush, so the concatenated outputs form one ordinary raw-deflate stream with the ratio of
 * a single stream (the pigz technique); only the last block is finished (BFINAL). Blocks under 16 KiB (the tail of
 * a small entry) are deflated inline, where they cost less than a thread-pool round trip. A few blocks may be in flight
 * at once; `write` waits when that many are queued, which is the backpressure the caller sees. Memory is bounded
 * by (in-flight + 1) blocks and their outputs, whatever the entry size.
 *
 * The local header is reserved before the first data byte and written after the last one, when CRC and sizes
 * are known: no data descriptor is needed (bacpac-format.md §2.2 rule 5) and the header, Zip64 or not, is
 * final when it reaches the disk.
 */
import * as zlib from 'node:zlib';
import { BackupError } from '../errors';
import { crc32 } from './crc32';

export const DEFAULT_BLOCK_SIZE = 1024 * 1024;
const WINDOW = 32 * 1024;
const SYNC_DEFLATE_LIMIT = 16 * 1024;

export interface EntrySizes {
  compressedBytes: number;
  uncompressedBytes: number;
  crc32: number;
}

/** What a sink needs from the file it writes into (implemented by ZipFileWriter). */
export interface EntryOutput {
  /** Reserves the local header of the entry at the current end; resolves with the header offset. */
  beginEntry(): Promise<number>;
  /** Appends bytes at the end of the file. */
  append(data: Buffer): Promise<void>;
  /** Writes the final local header and records the central directory entry. */
  completeEntry(sizes: EntrySizes): Promise<void>;
  /** Buffers that can be reused for staging. */
  takeBlock(): Buffer;
  giveBlock(block: Buffer): void;
}

interface QueuedBlock {
  output: Promise<Buffer>;
  raw: Buffer;
}

function deflateRawAsync(input: Buffer, options: zlib.ZlibOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zlib.deflateRaw(input, options, (err, out) => (err ? reject(err) : resolve(out)));
  });
}

export class ZipEntrySink {
  private staging: Buffer;
  private fill = 0;
  private crc = 0;
  private uncompressed = 0;
  private compressed = 0;
  private started = false;
  private finished = false;
  private failure: unknown;
  private dictionary: Buffer | undefined;
  private readonly queue: QueuedBlock[] = [];

  /**
   * @param level zlib level 1–9 for deflate, or `null` to store.
   * @param maxInFlight blocks compressed or waiting to be written before `write` waits.
   */
  constructor(
    private readonly out: EntryOutput,
    private readonly level: number | null,
    private readonly maxInFlight: number,
  ) {
    this.staging = out.takeBlock();
  }

  /** Accepts a chunk; resolves when the sink can take more (the chunk is copied, the caller may reuse it). */
  async write(chunk: Uint8Array): Promise<void> {
    this.assertOpen();
    let pos = 0;
    while (pos < chunk.length) {
      const n = Math.min(chunk.length - pos, this.staging.length - this.fill);
      this.staging.set(chunk.subarray(pos, pos + n), this.fill);
      this.fill += n;
      pos += n;
      if (this.fill === this.staging.length) await this.submit(false);
    }
  }

  /** Finishes the entry. Resolves with its sizes once the data and the final local header are on disk. */
  async end(): Promise<EntrySizes> {
    this.assertOpen();
    this.finished = true;
    try {
      if (this.level !== null || this.fill > 0 || !this.started) await this.submit(true);
      while (this.queue.length > 0) await this.flushHead();
      this.out.giveBlock(this.staging);
      const sizes = { compressedBytes: this.compressed, uncompressedBytes: this.uncompressed, crc32: this.crc };
      await this.out.completeEntry(sizes);
      return sizes;
    } catch (e) {
      this.failure = e;
      throw e;
    }
  }

  private assertOpen(): void {
    if (this.failure !== undefined) throw this.failure;
    if (this.finished) throw new BackupError('internal', 'A ZIP entry was written to after it ended.');
  }

  private async submit(final: boolean): Promise<void> {
    if (!this.started) {
      await this.out.beginEntry();
      this.started = true;
    }
    const block = this.staging.subarray(0, this.fill);
    this.crc = crc32(block, this.crc);
    this.uncompressed += block.length;
    let output: Promise<Buffer>;
    if (this.level === null) {
      output = Promise.resolve(block);
    } else {
      output = deflateBlock(block, this.level, this.dictionary, final);
      // Keep a failure from being reported as unhandled before the queue reaches this block.
      output.catch(() => undefined);
      this.dictionary = final ? undefined : nextDictionary(this.dictionary, block);
    }
    this.queue.push({ output, raw: this.staging });
    this.staging = this.out.takeBlock();
    this.fill = 0;
    try {
      while (this.queue.length > this.maxInFlight) await this.flushHead();
    } catch (e) {
      this.failure = e;
      throw e;
    }
  }

  private async flushHead(): Promise<void> {
    const head = this.queue.shift() as QueuedBlock;
    const data = await head.output;
    await this.out.append(data);
    this.compressed += data.length;
    this.out.giveBlock(head.raw);
  }
}

/**
 * Deflates one block of an entry, primed with `dictionary` (the 32 KiB before it) and ended with a sync flush, or
 * finished when it is the entry's last. Blocks under 16 KiB (the tail of a small entry) are deflated inline, where
 * they cost less than a thread-pool round trip (many small tables).
 */
function deflateBlock(block: Buffer, level: number, dictionary: Buffer | undefined, final: boolean): Promise<Buffer> {
  const finishFlush = final ? zlib.constants.Z_FINISH : zlib.constants.Z_SYNC_FLUSH;
  if (block.length < SYNC_DEFLATE_LIMIT) return Promise.resolve(zlib.deflateRawSync(block, { level, dictionary, finishFlush }));
  // Few thread-pool trips per block: with zlib's default 16 KiB output chunks, every chunk needs the main thread
  // to queue the next, so a busy encoder stalled its own compression (bench/README.md, change 6).
  return deflateRawAsync(block, { level, dictionary, finishFlush, chunkSize: deflateChunkSize(block.length) });
}

/** A whole entry compressed in memory, ready to be appended in one go. */
export interface CompressedEntry {
  /** zlib level, or `null` when stored. */
  level: number | null;
  chunks: Buffer[];
  sizes: EntrySizes;
}

/**
 * Compresses a whole in-memory entry into the same block stream ZipEntrySink writes, but with every block on the
 * thread pool at once (at most `maxParallel`), each primed with the 32 KiB before it straight from the input. Needs
 * no file, so the next part can be compressed while the one before is still being written. `data` must not change
 * until the promise settles; stored entries keep referring to it.
 */
export async function compressEntry(data: Uint8Array, level: number | null, blockSize = DEFAULT_BLOCK_SIZE, maxParallel = 4): Promise<CompressedEntry> {
  const input = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const crc = crc32(input);
  if (level === null || input.length === 0) {
    const chunks = input.length === 0 && level !== null ? [zlib.deflateRawSync(input, { level })] : [input];
    const compressedBytes = chunks.reduce((n, c) => n + c.length, 0);
    return { level, chunks, sizes: { compressedBytes, uncompressedBytes: input.length, crc32: crc } };
  }
  const blockCount = Math.ceil(input.length / blockSize);
  const chunks = new Array<Buffer>(blockCount);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < blockCount) {
      const index = next++;
      const start = index * blockSize;
      const block = input.subarray(start, Math.min(input.length, start + blockSize));
      const dictionary = start > 0 ? input.subarray(Math.max(0, start - WINDOW), start) : undefined;
      chunks[index] = await deflateBlock(block, level, dictionary, index === blockCount - 1);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(maxParallel, blockCount)) }, worker));
  const compressedBytes = chunks.reduce((n, c) => n + c.length, 0);
  return { level, chunks, sizes: { compressedBytes, uncompressedBytes: input.length, crc32: crc } };
}

/** Output buffers of async deflate are at most this big: memory per block in flight stays small (bench/README.md, change 9). */
const maxDeflateChunk = 256 * 1024;

/**
 * The output buffer size for deflating `inputLength` bytes: room for all of it (zlib's deflateBound plus a
 * sync-flush marker) up to 256 KiB, so a 1 MiB block comes back in one to four thread-pool trips instead of 64.
 */
export function deflateChunkSize(inputLength: number): number {
  return Math.min(maxDeflateChunk, deflateBound(inputLength));
}

/** zlib's deflateBound for raw deflate, plus room for a sync-flush marker. */
export function deflateBound(inputLength: number): number {
  return inputLength + (inputLength >>> 12) + (inputLength >>> 14) + (inputLength >>> 25) + 64;
}

/** The last 32 KiB of everything deflated so far: the window the next block may refer back into. */
function nextDictionary(previous: Buffer | undefined, block: Buffer): Buffer {
  if (block.length >= WINDOW) return Buffer.from(block.subarray(block.length - WINDOW));
  const joined = previous ? Buffer.concat([previous, block]) : Buffer.from(block);
  return joined.length > WINDOW ? Buffer.from(joined.subarray(joined.length - WINDOW)) : joined;
}
