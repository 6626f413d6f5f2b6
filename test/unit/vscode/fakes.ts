/** In-memory stand-ins for vscode's Memento and SecretStorage, shaped like the model's storage ports. */
import type { BackupRequest, BackupResult } from '../../../src/core/export/types';
import type { KeyValueStore, SecretStore } from '../../../src/vscode/model/storagePorts';

/** What a fake engine returns for a request: a verified file named after the database, 1 byte unless told. */
export function fakeBackupResult(request: BackupRequest, overrides: Partial<BackupResult> = {}): BackupResult {
  return {
    path: `${request.outputFolder}/x.bacpac`,
    bytes: 1,
    durationMs: 1,
    database: request.connection.database,
    consistency: 'snapshot',
    tables: [],
    totalRows: 0,
    warnings: [],
    verified: true,
    deleted: [],
    ...overrides,
  };
}

/** Stores JSON copies, like the real globalState, so tests see exactly what would be persisted. */
export class FakeMemento implements KeyValueStore {
  readonly data = new Map<string, string>();

  get<T>(key: string): T | undefined {
    const raw = this.data.get(key);
    return raw === undefined ? undefined : (JSON.parse(raw) as T);
  }

  async update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.data.delete(key);
    else this.data.set(key, JSON.stringify(value));
  }

  /** Everything persisted, as one string: what a password search must not find. */
  dump(): string {
    return [...this.data.entries()].map(([k, v]) => `${k}=${v}`).join('\n');
  }
}

export class FakeSecrets implements SecretStore {
  readonly data = new Map<string, string>();

  async get(key: string): Promise<string | undefined> {
    return this.data.get(key);
  }

  async store(key: string, value: string): Promise<void> {
    this.data.set(key, value);
  }

  async delete(key: string): Promise<void> {
    this.data.delete(key);
  }
}
