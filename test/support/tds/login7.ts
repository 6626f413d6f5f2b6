/**
 * LOGIN7 (MS-TDS §2.2.6.4): a 94-byte fixed part of offsets and character counts into a variable part of
 * UTF-16LE strings. The password is obfuscated (each byte: swap nibbles, then XOR 0xA5).
 *
 * The parsed password is kept in a private field: tests can ask whether it matches, never read it, so it
 * cannot leak into assertion messages or logs.
 */

export const TDS_VERSION_7_4 = 0x74000004;

export interface Login7Features {
  /** FEATUREEXT ids the client sent (0x0A = UTF-8 support, 0x02 = federated authentication). */
  ids: number[];
  utf8Support: boolean;
}

export class LoginRequest {
  readonly #password: string;

  constructor(
    readonly tdsVersion: number,
    readonly packetSize: number,
    readonly clientPid: number,
    readonly hostName: string,
    readonly user: string,
    password: string,
    readonly appName: string,
    readonly serverName: string,
    readonly libraryName: string,
    readonly language: string,
    readonly database: string,
    readonly readOnlyIntent: boolean,
    readonly features: Login7Features,
  ) {
    this.#password = password;
  }

  /** A password arrived (its text is never exposed). */
  get passwordGiven(): boolean {
    return this.#password.length > 0;
  }

  passwordMatches(expected: string): boolean {
    return this.#password === expected;
  }

  toJSON(): Record<string, unknown> {
    return {
      tdsVersion: this.tdsVersion, packetSize: this.packetSize, hostName: this.hostName, user: this.user,
      passwordGiven: this.passwordGiven, appName: this.appName, serverName: this.serverName,
      libraryName: this.libraryName, language: this.language, database: this.database,
    };
  }
}

function readField(payload: Buffer, at: number): string {
  const offset = payload.readUInt16LE(at);
  const chars = payload.readUInt16LE(at + 2);
  if (chars === 0) return '';
  if (offset + chars * 2 > payload.length) throw new Error('LOGIN7 field points past the payload');
  return payload.toString('utf16le', offset, offset + chars * 2);
}

function readPassword(payload: Buffer): string {
  const offset = payload.readUInt16LE(44);
  const chars = payload.readUInt16LE(46);
  if (offset + chars * 2 > payload.length) throw new Error('LOGIN7 password points past the payload');
  const clear = Buffer.alloc(chars * 2);
  for (let i = 0; i < clear.length; i++) {
    const x = payload[offset + i] ^ 0xa5;
    clear[i] = ((x & 0x0f) << 4) | (x >> 4);
  }
  return clear.toString('utf16le');
}

function readFeatures(payload: Buffer, optionFlags3: number, tdsVersion: number): Login7Features {
  const features: Login7Features = { ids: [], utf8Support: false };
  if (!(optionFlags3 & 0x10) || tdsVersion < TDS_VERSION_7_4) return features;
  const ibExtension = payload.readUInt16LE(56);
  const cbExtension = payload.readUInt16LE(58);
  if (cbExtension < 4 || ibExtension + 4 > payload.length) return features;
  let offset = payload.readUInt32LE(ibExtension);
  while (offset < payload.length && payload[offset] !== 0xff) {
    const id = payload[offset];
    const length = payload.readUInt32LE(offset + 1);
    features.ids.push(id);
    if (id === 0x0a && length >= 1) features.utf8Support = (payload[offset + 5] & 0x01) === 1;
    offset += 5 + length;
  }
  return features;
}

export function parseLogin7(payload: Buffer): LoginRequest {
  if (payload.length < 94) throw new Error(`LOGIN7 too short (${payload.length} bytes)`);
  const tdsVersion = payload.readUInt32LE(4);
  const optionFlags3 = payload[27];
  return new LoginRequest(
    tdsVersion,
    payload.readUInt32LE(8),
    payload.readUInt32LE(16),
    readField(payload, 36),
    readField(payload, 40),
    readPassword(payload),
    readField(payload, 48),
    readField(payload, 52),
    readField(payload, 60),
    readField(payload, 64),
    readField(payload, 68),
    (payload[26] & 0x20) !== 0,
    readFeatures(payload, optionFlags3, tdsVersion),
  );
}
