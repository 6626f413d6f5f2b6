/**
 * A growable output buffer reused for every row of a table: field writers write straight into `buf` at `pos`
 * after `ensure(n)`, so encoding allocates nothing per value. Bytes leave through `take()`, which copies them
 * out, because the buffer is reused and a consumer (zip/deflate) may hold a chunk after we move on.
 */
export class ByteSink {
  buf: Buffer;
  pos = 0;

  constructor(initialBytes = 64 * 1024) {
    this.buf = Buffer.allocUnsafeSlow(initialBytes);
  }

  /** Makes room for `n` more bytes at `pos`. */
  ensure(n: number): void {
    if (this.pos + n > this.buf.length) this.grow(n);
  }

  private grow(n: number): void {
    let size = Math.max(this.buf.length * 2, 1024);
    while (size < this.pos + n) size *= 2;
    const next = Buffer.allocUnsafeSlow(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  /**
   * Hands out the bytes written so far WITHOUT copying and continues in `spare` (or a fresh buffer of the same
   * capacity). The returned view stays valid until the caller gives its buffer back as a later `spare`: a
   * whole-part exporter alternates two buffers instead of leaving a multi-MiB copy as garbage per part.
   */
  lend(spare?: Buffer): Buffer {
    const out = this.buf.subarray(0, this.pos);
    this.buf = spare && spare.length >= this.buf.length ? spare : Buffer.allocUnsafeSlow(this.buf.length);
    this.pos = 0;
    return out;
  }

  /** Copies out the bytes written so far and empties the sink (keeping its capacity). */
  take(): Buffer {
    const out = Buffer.allocUnsafe(this.pos);
    this.buf.copy(out, 0, 0, this.pos);
    this.pos = 0;
    return out;
  }
}

/** Writes a 40-bit unsigned integer (BCP time fields) byte by byte: cheaper than Buffer#writeUIntLE, and it
 * passes no double into a non-inlined call, which would allocate a heap number per value. */
export function writeUInt40LE(buf: Buffer, pos: number, value: number): number {
  const low = value >>> 0;
  buf[pos] = low;
  buf[pos + 1] = low >>> 8;
  buf[pos + 2] = low >>> 16;
  buf[pos + 3] = low >>> 24;
  buf[pos + 4] = (value - low) / 4_294_967_296;
  return pos + 5;
}

/** Writes a 24-bit unsigned integer (BCP day numbers). */
export function writeUInt24LE(buf: Buffer, pos: number, value: number): number {
  buf[pos] = value;
  buf[pos + 1] = value >>> 8;
  buf[pos + 2] = value >>> 16;
  return pos + 3;
}
