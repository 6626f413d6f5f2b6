/**
 * The two storage shapes the model needs, narrowed from vscode's Memento and SecretStorage so the model can be
 * tested with in-memory fakes. vscode's objects satisfy these structurally.
 */
export interface KeyValueStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

export interface SecretStore {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
}
