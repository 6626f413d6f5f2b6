/**
 * PRELOGIN (MS-TDS §2.2.6.5): an option table of (token, offset BE, length BE) entries ended by 0xFF,
 * followed by the option data. The server's answer decides whether the session runs inside TLS.
 */

export const PreloginOption = {
  VERSION: 0x00,
  ENCRYPTION: 0x01,
  INSTOPT: 0x02,
  THREADID: 0x03,
  MARS: 0x04,
  TRACEID: 0x05,
  FEDAUTHREQUIRED: 0x06,
  TERMINATOR: 0xff,
} as const;

export const Encrypt = {
  /** Encryption available but off: TLS for the LOGIN7 packet only. */
  OFF: 0x00,
  ON: 0x01,
  NOT_SUP: 0x02,
  REQ: 0x03,
} as const;

export interface PreloginRequest {
  encryption: number;
  version?: { major: number; minor: number; build: number; subbuild: number };
  mars?: number;
  fedAuthRequired?: number;
}

export function parsePrelogin(payload: Buffer): PreloginRequest {
  const request: PreloginRequest = { encryption: Encrypt.NOT_SUP };
  let offset = 0;
  while (offset < payload.length && payload[offset] !== PreloginOption.TERMINATOR) {
    const token = payload[offset];
    const dataOffset = payload.readUInt16BE(offset + 1);
    const dataLength = payload.readUInt16BE(offset + 3);
    offset += 5;
    if (dataOffset + dataLength > payload.length) throw new Error('PRELOGIN option points past the payload');
    switch (token) {
      case PreloginOption.VERSION:
        if (dataLength >= 6) {
          request.version = {
            major: payload[dataOffset],
            minor: payload[dataOffset + 1],
            build: payload.readUInt16BE(dataOffset + 2),
            subbuild: dataLength >= 6 ? payload.readUInt16BE(dataOffset + 4) : 0,
          };
        }
        break;
      case PreloginOption.ENCRYPTION:
        if (dataLength >= 1) request.encryption = payload[dataOffset];
        break;
      case PreloginOption.MARS:
        if (dataLength >= 1) request.mars = payload[dataOffset];
        break;
      case PreloginOption.FEDAUTHREQUIRED:
        if (dataLength >= 1) request.fedAuthRequired = payload[dataOffset];
        break;
    }
  }
  return request;
}

/** The server's PRELOGIN answer: version (SQL Server 16.0 build), encryption choice, no instance, no MARS. */
export function buildPreloginResponse(encryption: number, version = { major: 16, minor: 0, build: 1000, subbuild: 0 }): Buffer {
  const versionData = Buffer.alloc(6);
  versionData[0] = version.major;
  versionData[1] = version.minor;
  versionData.writeUInt16BE(version.build, 2);
  versionData.writeUInt16BE(version.subbuild, 4);
  const options: [number, Buffer][] = [
    [PreloginOption.VERSION, versionData],
    [PreloginOption.ENCRYPTION, Buffer.from([encryption])],
    [PreloginOption.INSTOPT, Buffer.from([0])],
    [PreloginOption.THREADID, Buffer.alloc(0)],
    [PreloginOption.MARS, Buffer.from([0])],
  ];
  const tableLength = options.length * 5 + 1;
  const dataLength = options.reduce((n, [, d]) => n + d.length, 0);
  const out = Buffer.alloc(tableLength + dataLength);
  let entry = 0;
  let data = tableLength;
  for (const [token, value] of options) {
    out[entry] = token;
    out.writeUInt16BE(data, entry + 1);
    out.writeUInt16BE(value.length, entry + 3);
    value.copy(out, data);
    entry += 5;
    data += value.length;
  }
  out[entry] = PreloginOption.TERMINATOR;
  return out;
}

/**
 * What the server answers, given what the client offered and the server's TLS mode.
 * Login-only encryption (client OFF) is not offered: the double answers NOT_SUP and the session stays plain.
 */
export function negotiateEncryption(client: number, tls: 'off' | 'on' | 'required', tlsAvailable: boolean): number {
  const canTls = tls !== 'off' && tlsAvailable;
  if (!canTls) return Encrypt.NOT_SUP;
  if (client === Encrypt.ON || client === Encrypt.REQ) return Encrypt.ON;
  return tls === 'required' ? Encrypt.REQ : Encrypt.NOT_SUP;
}
