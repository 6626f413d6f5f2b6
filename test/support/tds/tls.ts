/**
 * TLS for the double. TDS 7.x runs the TLS handshake INSIDE PRELOGIN packets: the client wraps each
 * handshake flight in one PRELOGIN message and waits for exactly one PRELOGIN message back. After the
 * handshake both sides send raw TLS records on the socket, and TDS packets travel inside them.
 *
 * Node's TLS server runs on a private Duplex: client flights are pushed into it, and its output is
 * collected until a whole server flight is out (ServerHelloDone, or the record after ChangeCipherSpec, or
 * an alert), then framed as one PRELOGIN message.
 *
 * The certificate is a throwaway self-signed one made with the system `openssl` at first use (one per
 * process); clients connect with `trustServerCertificate: true`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Duplex } from 'node:stream';
import * as tls from 'node:tls';

export interface Certificate {
  key: Buffer;
  cert: Buffer;
}

let cached: Certificate | null | undefined;

/** A self-signed localhost certificate, or null when `openssl` is not installed. */
export function selfSignedCertificate(): Certificate | null {
  if (cached !== undefined) return cached;
  const dir = mkdtempSync(join(tmpdir(), 'tds-double-cert-'));
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
      '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    ], { stdio: 'ignore' });
    cached = { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  } catch {
    cached = null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return cached;
}

const RECORD_CHANGE_CIPHER_SPEC = 20;
const RECORD_ALERT = 21;
const RECORD_HANDSHAKE = 22;
const HANDSHAKE_SERVER_HELLO_DONE = 14;

/**
 * Splits the TLS server's output into flights. Plaintext handshake messages are tracked across records
 * so a ServerHelloDone split over records is still seen.
 */
class FlightDetector {
  private pending: Buffer = Buffer.alloc(0);
  private flight: Buffer[] = [];
  private handshakeBytes: Buffer = Buffer.alloc(0);
  private afterChangeCipherSpec = false;

  constructor(private readonly onFlight: (flight: Buffer, final: boolean) => void) {}

  push(data: Buffer): void {
    this.pending = this.pending.length ? Buffer.concat([this.pending, data]) : data;
    while (this.pending.length >= 5) {
      const length = this.pending.readUInt16BE(3);
      if (this.pending.length < 5 + length) return;
      const record = this.pending.subarray(0, 5 + length);
      this.pending = this.pending.subarray(5 + length);
      this.flight.push(record);
      const type = record[0];
      if (type === RECORD_ALERT) {
        this.emit(true);
      } else if (type === RECORD_CHANGE_CIPHER_SPEC) {
        this.afterChangeCipherSpec = true;
      } else if (type === RECORD_HANDSHAKE) {
        if (this.afterChangeCipherSpec) {
          this.emit(true); // the encrypted Finished ends the server's last flight
        } else if (this.sawServerHelloDone(record.subarray(5))) {
          this.emit(false);
        }
      }
    }
  }

  private sawServerHelloDone(fragment: Buffer): boolean {
    this.handshakeBytes = Buffer.concat([this.handshakeBytes, fragment]);
    let seen = false;
    while (this.handshakeBytes.length >= 4) {
      const length = this.handshakeBytes.readUIntBE(1, 3);
      if (this.handshakeBytes.length < 4 + length) break;
      if (this.handshakeBytes[0] === HANDSHAKE_SERVER_HELLO_DONE) seen = true;
      this.handshakeBytes = this.handshakeBytes.subarray(4 + length);
    }
    return seen;
  }

  private emit(final: boolean): void {
    const flight = Buffer.concat(this.flight);
    this.flight = [];
    this.onFlight(flight, final);
  }
}

/**
 * One connection's server-side TLS. `feedHandshake` takes the payload of each client PRELOGIN message
 * during the handshake; `sendFlight` must frame its argument as one PRELOGIN message. Once `handshakeDone`
 * fires, raw socket bytes go to `feedRecords` and the server's records come out through `sendRecords`.
 */
export class ServerTls {
  readonly cleartext: tls.TLSSocket;
  private readonly transport: Duplex;
  private handshaking = true;

  constructor(
    certificate: Certificate,
    private readonly sendFlight: (flight: Buffer) => void,
    /** Must call `written` once the socket took the records (backpressure for the cleartext side). */
    private readonly sendRecords: (records: Buffer, written: () => void) => void,
    private readonly handshakeDone: () => void,
  ) {
    const detector = new FlightDetector((flight, final) => {
      this.sendFlight(flight);
      if (final) {
        this.handshaking = false;
        this.handshakeDone();
      }
    });
    this.transport = new Duplex({
      read() {},
      write: (chunk: Buffer, _encoding, callback) => {
        if (!this.handshaking) return this.sendRecords(chunk, () => callback());
        detector.push(chunk);
        callback();
      },
    });
    this.cleartext = new tls.TLSSocket(this.transport as unknown as import('node:net').Socket, {
      isServer: true,
      // tedious caps the client at TLS 1.2; pinning it keeps the flight structure the detector expects.
      secureContext: tls.createSecureContext({ key: certificate.key, cert: certificate.cert, maxVersion: 'TLSv1.2', minVersion: 'TLSv1.2' }),
      requestCert: false,
      rejectUnauthorized: false,
    });
  }

  feedHandshake(payload: Buffer): void {
    this.transport.push(payload);
  }

  feedRecords(data: Buffer): void {
    this.transport.push(data);
  }

  end(): void {
    this.transport.push(null);
    this.cleartext.destroy();
  }
}
