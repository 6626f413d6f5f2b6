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
    } else if (block.length < SYNC_DEFLATE_LIMIT) {
      // A few KiB deflate in microseconds: cheaper here than a round trip through the thread pool (many small tables).
      output = Promise.resolve(
        zlib.deflateRawSync(block, { level: this.level, dictionary: this.dictionary, finishFlush: final ? zlib.constants.Z_FINISH : zlib.constants.Z_SYNC_FLUSH }),
      );
      this.dictionary = final ? undefined : nextDictionary(this.dictionary, block);
    } else {
      output = deflateRawAsync(block, {
        level: this.level,
        dictionary: this.dictionary,
        finishFlush: final ? zlib.constants.Z_FINISH : zlib.constants.Z_SYNC_FLUSH,
      });
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

/** The last 32 KiB of everything deflated so far: the window the next block may refer back into. */
function nextDictionary(previous: Buffer | undefined, block: Buffer): Buffer {
  if (block.length >= WINDOW) return Buffer.from(block.subarray(block.length - WINDOW));
  const joined = previous ? Buffer.concat([previous, block]) : Buffer.from(block);
  return joined.length > WINDOW ? Buffer.from(joined.subarray(joined.length - WINDOW)) : joined;
}
