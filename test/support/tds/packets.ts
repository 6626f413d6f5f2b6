/**
 * TDS packet framing (MS-TDS §2.2.3): an 8-byte header whose length and SPID are BIG-endian, while every
 * token field inside the payload is little-endian. A message is a run of packets ending with status EOM.
 *
 * `PacketReader` turns a byte stream into whole messages. `MessageWriter` writes token bytes straight into
 * packet-sized slots of a large chunk (no per-value copies), sends whole chunks and tells the caller when the
 * socket wants it to wait for 'drain'.
 */

export const PacketType = {
  SQL_BATCH: 0x01,
  RPC_REQUEST: 0x03,
  TABULAR_RESULT: 0x04,
  ATTENTION: 0x06,
  BULK_LOAD: 0x07,
  FEDAUTH_TOKEN: 0x08,
  TRANSACTION_MANAGER: 0x0e,
  LOGIN7: 0x10,
  SSPI: 0x11,
  PRELOGIN: 0x12,
} as const;

export const PacketStatus = {
  NORMAL: 0x00,
  EOM: 0x01,
  IGNORE: 0x02,
  RESET_CONNECTION: 0x08,
  RESET_CONNECTION_SKIP_TRAN: 0x10,
} as const;

export const HEADER_LENGTH = 8;
export const DEFAULT_PACKET_SIZE = 4096;

export interface TdsMessage {
  type: number;
  /** Status bits of the FIRST packet (RESETCONNECTION lives there) OR-ed with the last packet's (EOM, IGNORE). */
  status: number;
  payload: Buffer;
}

/** Where the payloads of a streamed message go as its packets arrive (the message then carries it, payload empty). */
export interface PacketStream {
  push(payload: Buffer): void;
}

export interface StreamedTdsMessage<S extends PacketStream> extends TdsMessage {
  stream?: S;
}

/**
 * Reassembles messages from arbitrary socket chunks. A message whose type `streamFor` takes is not assembled: its
 * packets' payloads go to the stream as they arrive (a bulk load is decoded while the client still sends it).
 */
export class PacketReader<S extends PacketStream = PacketStream> {
  private pending: Buffer[] = [];
  private pendingLength = 0;
  private parts: Buffer[] = [];
  private messageType = -1;
  private messageStatus = 0;
  private stream?: S;

  constructor(
    private readonly onMessage: (message: StreamedTdsMessage<S>) => void,
    private readonly streamFor: (type: number) => S | undefined = () => undefined,
  ) {}

  push(chunk: Buffer): void {
    this.pending.push(chunk);
    this.pendingLength += chunk.length;
    while (this.pendingLength >= HEADER_LENGTH) {
      const head = this.peek(HEADER_LENGTH);
      const length = head.readUInt16BE(2);
      if (length < HEADER_LENGTH) throw new Error(`TDS packet with impossible length ${length}`);
      if (this.pendingLength < length) return;
      const packet = this.take(length);
      const type = packet[0];
      const status = packet[1];
      if (this.messageType === -1) {
        this.messageType = type;
        this.messageStatus = status;
        this.stream = this.streamFor(type);
      }
      if (this.stream) this.stream.push(packet.subarray(HEADER_LENGTH));
      else this.parts.push(packet.subarray(HEADER_LENGTH));
      if (status & PacketStatus.EOM) {
        const payload = this.stream ? Buffer.alloc(0) : this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts);
        const message: StreamedTdsMessage<S> = { type: this.messageType, status: this.messageStatus | status, payload, stream: this.stream };
        this.parts = [];
        this.messageType = -1;
        this.messageStatus = 0;
        this.stream = undefined;
        this.onMessage(message);
      }
    }
  }

  /** Bytes received but not yet part of a complete packet (needed when a session switches to TLS). */
  drainRemainder(): Buffer {
    const rest = Buffer.concat(this.pending);
    this.pending = [];
    this.pendingLength = 0;
    return rest;
  }

  private peek(n: number): Buffer {
    if (this.pending[0].length >= n) return this.pending[0];
    this.pending = [Buffer.concat(this.pending)];
    return this.pending[0];
  }

  private take(n: number): Buffer {
    const first = this.peek(n);
    const out = first.subarray(0, n);
    if (first.length === n) this.pending.shift();
    else this.pending[0] = first.subarray(n);
    this.pendingLength -= n;
    return out;
  }
}

/** The subset of a Writable (net.Socket or tls.TLSSocket) the writer needs. */
export interface PacketSink {
  write(chunk: Buffer): boolean;
  once(event: 'drain' | 'close', listener: () => void): unknown;
  removeListener(event: 'drain' | 'close', listener: () => void): unknown;
  readonly destroyed: boolean;
  /** Node's Writable flag: false once the 'drain' the last refused write asked for has fired. */
  readonly writableNeedDrain?: boolean;
}

/** How many packets one socket write carries: big writes keep syscalls and TLS records few. */
const PACKETS_PER_CHUNK = 16;

/**
 * Writes one response message after another. Token encoders call the typed write methods; the writer
 * inserts packet headers at every packet-size boundary.
 */
export class MessageWriter {
  private chunk: Buffer;
  /** Offset of the current packet's header inside `chunk`. */
  private packetStart = 0;
  /** Next free byte. */
  private pos = HEADER_LENGTH;
  /** End of the current packet's payload area. */
  private packetEnd: number;
  private packetId = 1;
  private blocked = false;
  private readonly scratch = Buffer.alloc(16);
  /** Bytes handed to the sink, for throughput measurements. */
  bytesWritten = 0;

  constructor(
    private sink: PacketSink,
    private packetSize: number,
    private readonly spid: number,
    private type: number = PacketType.TABULAR_RESULT,
  ) {
    this.chunk = Buffer.allocUnsafe(packetSize * PACKETS_PER_CHUNK);
    this.packetEnd = packetSize;
  }

  /** Switch the transport (plain socket → TLS cleartext stream). Only between messages. */
  setSink(sink: PacketSink): void {
    this.sink = sink;
  }

  setPacketSize(size: number): void {
    if (this.pos !== this.packetStart + HEADER_LENGTH || this.packetStart !== 0) {
      throw new Error('packet size can only change between messages');
    }
    this.packetSize = size;
    this.chunk = Buffer.allocUnsafe(size * PACKETS_PER_CHUNK);
    this.packetEnd = size;
  }

  setType(type: number): void {
    this.type = type;
  }

  /** True while the sink refuses more data; the caller should `await waitForDrain()`. */
  get needsDrain(): boolean {
    this.clearIfDrained();
    return this.blocked;
  }

  waitForDrain(): Promise<void> {
    this.clearIfDrained();
    if (!this.blocked || this.sink.destroyed) return Promise.resolve();
    const sink = this.sink;
    return new Promise((resolve) => {
      const done = (): void => {
        sink.removeListener('drain', done);
        sink.removeListener('close', done);
        this.blocked = false;
        resolve();
      };
      sink.once('drain', done);
      sink.once('close', done);
    });
  }

  /**
   * A write refused at the end of one message drains while nobody waits; the next message must not wait for a
   * 'drain' that already fired (over TLS this hung the request after a large result).
   */
  private clearIfDrained(): void {
    if (this.blocked && this.sink.writableNeedDrain === false) this.blocked = false;
  }

  u8(v: number): void {
    if (this.pos >= this.packetEnd) this.nextPacket();
    this.chunk[this.pos++] = v;
  }

  u16(v: number): void {
    if (this.packetEnd - this.pos >= 2) {
      this.chunk[this.pos++] = v & 0xff;
      this.chunk[this.pos++] = (v >>> 8) & 0xff;
    } else {
      this.u8(v & 0xff);
      this.u8((v >>> 8) & 0xff);
    }
  }

  i16(v: number): void {
    this.u16(v & 0xffff);
  }

  u32(v: number): void {
    if (this.packetEnd - this.pos >= 4) {
      const c = this.chunk;
      let p = this.pos;
      c[p++] = v & 0xff;
      c[p++] = (v >>> 8) & 0xff;
      c[p++] = (v >>> 16) & 0xff;
      c[p++] = (v >>> 24) & 0xff;
      this.pos = p;
    } else {
      this.scratch.writeUInt32LE(v >>> 0, 0);
      this.bytes(this.scratch, 0, 4);
    }
  }

  i32(v: number): void {
    this.u32(v | 0);
  }

  /** Unsigned little-endian integer of 1–6 bytes (24-bit dates, 24/32/40-bit times). */
  uintLE(v: number, byteLength: number): void {
    if (this.packetEnd - this.pos >= byteLength) {
      const c = this.chunk;
      let p = this.pos;
      for (let i = 0; i < byteLength; i++) {
        c[p++] = v % 256;
        v = Math.floor(v / 256);
      }
      this.pos = p;
    } else {
      this.scratch.writeUIntLE(v, 0, byteLength);
      this.bytes(this.scratch, 0, byteLength);
    }
  }

  u64(v: bigint): void {
    if (this.packetEnd - this.pos >= 8) {
      this.chunk.writeBigUInt64LE(v, this.pos);
      this.pos += 8;
    } else {
      this.scratch.writeBigUInt64LE(v, 0);
      this.bytes(this.scratch, 0, 8);
    }
  }

  i64(v: bigint): void {
    if (this.packetEnd - this.pos >= 8) {
      this.chunk.writeBigInt64LE(v, this.pos);
      this.pos += 8;
    } else {
      this.scratch.writeBigInt64LE(v, 0);
      this.bytes(this.scratch, 0, 8);
    }
  }

  f32(v: number): void {
    if (this.packetEnd - this.pos >= 4) {
      this.chunk.writeFloatLE(v, this.pos);
      this.pos += 4;
    } else {
      this.scratch.writeFloatLE(v, 0);
      this.bytes(this.scratch, 0, 4);
    }
  }

  f64(v: number): void {
    if (this.packetEnd - this.pos >= 8) {
      this.chunk.writeDoubleLE(v, this.pos);
      this.pos += 8;
    } else {
      this.scratch.writeDoubleLE(v, 0);
      this.bytes(this.scratch, 0, 8);
    }
  }

  bytes(src: Uint8Array, start = 0, end = src.length): void {
    // Small values: a byte loop beats the native copy's call overhead.
    if (end - start <= 32 && this.packetEnd - this.pos >= end - start) {
      const c = this.chunk;
      let p = this.pos;
      for (let i = start; i < end; i++) c[p++] = src[i];
      this.pos = p;
      return;
    }
    while (start < end) {
      if (this.pos >= this.packetEnd) this.nextPacket();
      const n = Math.min(end - start, this.packetEnd - this.pos);
      this.chunk.set(start === 0 && n === src.length ? src : src.subarray(start, start + n), this.pos);
      this.pos += n;
      start += n;
    }
  }

  /** UTF-16LE text without a length prefix. */
  utf16(text: string): void {
    const byteLength = text.length * 2;
    if (this.packetEnd - this.pos >= byteLength) {
      if (text.length <= 24) {
        const c = this.chunk;
        let p = this.pos;
        for (let i = 0; i < text.length; i++) {
          const ch = text.charCodeAt(i);
          c[p++] = ch & 0xff;
          c[p++] = ch >>> 8;
        }
      } else {
        this.chunk.write(text, this.pos, 'utf16le');
      }
      this.pos += byteLength;
    } else {
      this.bytes(Buffer.from(text, 'utf16le'));
    }
  }

  /** Single-byte text whose code units are all below 0x100 (callers check). */
  latin1(text: string): void {
    if (this.packetEnd - this.pos >= text.length) {
      this.chunk.write(text, this.pos, 'latin1');
      this.pos += text.length;
    } else {
      this.bytes(Buffer.from(text, 'latin1'));
    }
  }

  /** B_VARCHAR: 1-byte character count + UTF-16LE. */
  bVarchar(text: string): void {
    this.u8(text.length);
    this.utf16(text);
  }

  /** US_VARCHAR: 2-byte character count + UTF-16LE. */
  usVarchar(text: string): void {
    this.u16(text.length);
    this.utf16(text);
  }

  /**
   * Send the bytes written so far as a packet that does not end the message, so a slow or hanging
   * response still reaches the client row by row.
   */
  flushPartial(): void {
    if (this.pos === this.packetStart + HEADER_LENGTH) return;
    this.sealPacket(PacketStatus.NORMAL);
    this.sendChunk();
  }

  /** End the current message (always emits a packet with EOM, possibly header-only). */
  endMessage(): void {
    this.sealPacket(PacketStatus.EOM);
    this.sendChunk();
    this.packetId = 1;
  }

  private nextPacket(): void {
    this.sealPacket(PacketStatus.NORMAL);
    if (this.packetStart + this.packetSize > this.chunk.length) this.sendChunk();
  }

  /** Write the header of the current packet and open the next slot. */
  private sealPacket(status: number): void {
    const c = this.chunk;
    const start = this.packetStart;
    const length = this.pos - start;
    c[start] = this.type;
    c[start + 1] = status;
    c.writeUInt16BE(length, start + 2);
    c.writeUInt16BE(this.spid, start + 4);
    c[start + 6] = this.packetId;
    c[start + 7] = 0;
    this.packetId = (this.packetId + 1) & 0xff;
    this.packetStart = this.pos;
    this.pos = this.packetStart + HEADER_LENGTH;
    this.packetEnd = this.packetStart + this.packetSize;
  }

  private sendChunk(): void {
    const used = this.packetStart;
    if (used > 0 && !this.sink.destroyed) {
      const out = this.chunk.subarray(0, used);
      this.bytesWritten += used;
      if (!this.sink.write(out)) this.blocked = true;
    }
    // The sink keeps a reference to the sent bytes, so the next packets go into a fresh chunk.
    this.chunk = Buffer.allocUnsafe(this.packetSize * PACKETS_PER_CHUNK);
    this.packetStart = 0;
    this.pos = HEADER_LENGTH;
    this.packetEnd = this.packetSize;
  }
}

/** A whole message as packets, for the few small replies sent outside a MessageWriter (PRELOGIN/TLS). */
export function framePackets(type: number, payload: Buffer, packetSize: number, spid = 0): Buffer {
  const room = packetSize - HEADER_LENGTH;
  const count = Math.max(1, Math.ceil(payload.length / room));
  const out = Buffer.allocUnsafe(payload.length + count * HEADER_LENGTH);
  let o = 0;
  for (let i = 0; i < count; i++) {
    const part = payload.subarray(i * room, Math.min(payload.length, (i + 1) * room));
    out[o] = type;
    out[o + 1] = i === count - 1 ? PacketStatus.EOM : PacketStatus.NORMAL;
    out.writeUInt16BE(part.length + HEADER_LENGTH, o + 2);
    out.writeUInt16BE(spid, o + 4);
    out[o + 6] = (i + 1) & 0xff;
    out[o + 7] = 0;
    part.copy(out, o + HEADER_LENGTH);
    o += part.length + HEADER_LENGTH;
  }
  return out;
}
