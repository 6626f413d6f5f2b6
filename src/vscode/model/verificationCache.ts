/**
 * Remembers verification results per backup file, keyed by path and modification time: a file rewritten
 * under the same name is a different file and must be verified again.
 */
import type { KeyValueStore } from './storagePorts';

const cacheKey = 'cloudDatabaseBackup.verifications';
/** Bounded so globalState stays small however many files come and go; the oldest results go first. */
export const verificationCacheLimit = 500;

export interface VerificationRecord {
  ok: boolean;
  errors: number;
  warnings: number;
  /** Epoch milliseconds. */
  checkedAt: number;
}

export interface FileIdentity {
  path: string;
  mtimeMs: number;
}

function keyOf(file: FileIdentity): string {
  return `${Math.trunc(file.mtimeMs)}:${file.path}`;
}

export class VerificationCache {
  constructor(private readonly state: KeyValueStore) {}

  get(file: FileIdentity): VerificationRecord | undefined {
    return this.all()[keyOf(file)];
  }

  async set(file: FileIdentity, record: VerificationRecord): Promise<void> {
    const entries = Object.entries({ ...this.all(), [keyOf(file)]: record })
      .sort((a, b) => b[1].checkedAt - a[1].checkedAt)
      .slice(0, verificationCacheLimit);
    await this.state.update(cacheKey, Object.fromEntries(entries));
  }

  /** Drops the results of one path (all modification times), e.g. after deleting the file. */
  async forget(path: string): Promise<void> {
    const entries = Object.entries(this.all()).filter(([key]) => key.slice(key.indexOf(':') + 1) !== path);
    await this.state.update(cacheKey, Object.fromEntries(entries));
  }

  private all(): Record<string, VerificationRecord> {
    const raw = this.state.get<Record<string, VerificationRecord>>(cacheKey);
    return typeof raw === 'object' && raw !== null ? raw : {};
  }
}
