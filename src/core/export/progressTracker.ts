import type { BackupCallbacks, BackupPhase, BackupProgress } from './types';

/** Keeps the running totals of a backup and reports them, at most every `intervalMs` while rows stream. */
export class ProgressTracker {
  private readonly started = Date.now();
  private lastEmit = 0;
  private current: BackupProgress = { phase: 'connecting', rowsDone: 0, rowsEstimated: 0, bytesWritten: 0, elapsedMs: 0 };

  constructor(
    private readonly onProgress: BackupCallbacks['onProgress'],
    private readonly bytesWritten: () => number = () => 0,
    private readonly intervalMs = 200,
  ) {}

  get elapsedMs(): number {
    return Date.now() - this.started;
  }

  get rowsDone(): number {
    return this.current.rowsDone;
  }

  phase(phase: BackupPhase, extra: Partial<BackupProgress> = {}): void {
    this.current = { ...this.current, ...extra, phase };
    this.emit(true);
  }

  table(tableIndex: number, tableCount: number, table: string): void {
    this.current = { ...this.current, tableIndex, tableCount, table };
    this.emit(true);
  }

  rows(count: number): void {
    this.current.rowsDone += count;
    this.emit(false);
  }

  /** The backup starts again (after a transient fault): rows and tables count from zero, the clock runs on. */
  restart(): void {
    this.current = { phase: 'connecting', rowsDone: 0, rowsEstimated: this.current.rowsEstimated, bytesWritten: 0, elapsedMs: 0 };
  }

  message(message: string): void {
    this.current = { ...this.current, message };
    this.emit(true);
    this.current = { ...this.current, message: undefined };
  }

  private emit(force: boolean): void {
    if (!this.onProgress) return;
    const now = Date.now();
    if (!force && now - this.lastEmit < this.intervalMs) return;
    this.lastEmit = now;
    this.onProgress({ ...this.current, bytesWritten: this.bytesWritten(), elapsedMs: now - this.started });
  }
}
