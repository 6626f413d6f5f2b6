/**
 * Saved environments and their backup history in globalState; passwords in SecretStorage under the
 * environment id and nowhere else. Every write goes through `sanitizeEnvironment`, so even a caller that
 * hands over an object with a password property cannot get it into globalState.
 */
import { randomUUID } from 'node:crypto';
import { compareEnvironments, sanitizeEnvironment, type CloudEnvironment } from './cloudEnvironment';
import type { KeyValueStore, SecretStore } from './storagePorts';

export const environmentsKey = 'cloudDatabaseBackup.environments';
const historyKey = 'cloudDatabaseBackup.history';
/** Enough to see a pattern (every backup of the week failed) without growing without bound. */
export const historyLimit = 20;

/** What a save does with the password. */
export type PasswordChange = { kind: 'keep' } | { kind: 'remember'; password: string } | { kind: 'forget' };

export interface HistoryEntry {
  /** Epoch milliseconds when the backup ended. */
  finishedAt: number;
  outcome: 'succeeded' | 'failed' | 'cancelled';
  path?: string;
  bytes?: number;
  durationMs?: number;
  totalRows?: number;
  verified?: boolean;
  errorKind?: string;
  /** The classified message; BackupError messages never contain secrets. */
  message?: string;
}

export function passwordKey(environmentId: string): string {
  return `password:${environmentId}`;
}

export function newEnvironmentId(): string {
  return randomUUID();
}

export class EnvironmentStore {
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly state: KeyValueStore,
    private readonly secrets: SecretStore,
  ) {}

  /** Called after every change, so views refresh. Returns an unsubscribe function. */
  onDidChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  list(): CloudEnvironment[] {
    const raw = this.state.get<unknown[]>(environmentsKey);
    if (!Array.isArray(raw)) return [];
    return raw
      .map(sanitizeEnvironment)
      .filter((e): e is CloudEnvironment => e !== undefined)
      .sort(compareEnvironments);
  }

  get(id: string): CloudEnvironment | undefined {
    return this.list().find((e) => e.id === id);
  }

  /** Adds or replaces the environment with this id, then applies the password change. */
  async save(environment: CloudEnvironment, password: PasswordChange): Promise<CloudEnvironment> {
    const clean = sanitizeEnvironment(environment);
    if (!clean) throw new Error('An environment needs an id, a server and a database.');
    const others = this.list().filter((e) => e.id !== clean.id);
    await this.state.update(environmentsKey, [...others, clean]);
    if (password.kind === 'remember') await this.secrets.store(passwordKey(clean.id), password.password);
    else if (password.kind === 'forget') await this.secrets.delete(passwordKey(clean.id));
    this.changed();
    return clean;
  }

  /** Removes the environment, its password and its history. */
  async remove(id: string): Promise<void> {
    await this.state.update(
      environmentsKey,
      this.list().filter((e) => e.id !== id),
    );
    await this.secrets.delete(passwordKey(id));
    const history = { ...this.allHistory() };
    delete history[id];
    await this.state.update(historyKey, history);
    this.changed();
  }

  async getPassword(id: string): Promise<string | undefined> {
    const password = await this.secrets.get(passwordKey(id));
    return password === undefined || password === '' ? undefined : password;
  }

  async hasPassword(id: string): Promise<boolean> {
    return (await this.getPassword(id)) !== undefined;
  }

  /** Newest first. */
  history(id: string): HistoryEntry[] {
    const entries = this.allHistory()[id];
    return Array.isArray(entries) ? entries : [];
  }

  async addHistory(id: string, entry: HistoryEntry): Promise<void> {
    if (!this.get(id)) return; // removed while the backup ran: nothing to attach the entry to
    const history = { ...this.allHistory(), [id]: [entry, ...this.history(id)].slice(0, historyLimit) };
    await this.state.update(historyKey, history);
    this.changed();
  }

  private allHistory(): Record<string, HistoryEntry[]> {
    const raw = this.state.get<Record<string, HistoryEntry[]>>(historyKey);
    return typeof raw === 'object' && raw !== null ? raw : {};
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
