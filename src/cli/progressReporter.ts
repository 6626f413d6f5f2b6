import type { BackupProgress } from '../core/export/types';
import { formatCount } from '../shared/format';

/** Renders backup progress: a redrawn bar on a terminal, one plain line per phase or table otherwise. */
export class ProgressReporter {
  private lastLine = '';
  private lastDraw = 0;
  private lastKey = '';

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly interactive = !!out.isTTY && process.env.TERM !== 'dumb',
  ) {}

  update(p: BackupProgress): void {
    if (this.interactive) {
      const now = Date.now();
      if (now - this.lastDraw < 100 && p.phase === 'exporting-data') return;
      this.lastDraw = now;
      this.draw(formatBar(p, Math.max(20, Math.min(40, (this.out.columns ?? 80) - 60))));
    } else {
      // Plain mode: a line when the phase or the table changes, so logs stay short.
      const key = `${p.phase}:${p.tableIndex ?? ''}`;
      if (key === this.lastKey) return;
      this.lastKey = key;
      this.out.write(formatLine(p) + '\n');
    }
  }

  /** A log line that must not be overwritten by the bar. */
  note(text: string): void {
    this.clear();
    this.out.write(text + '\n');
  }

  clear(): void {
    if (this.interactive && this.lastLine) {
      this.out.write('\r\x1b[2K');
      this.lastLine = '';
    }
  }

  private draw(line: string): void {
    const width = (this.out.columns ?? 100) - 1;
    this.lastLine = line.length > width ? line.slice(0, width) : line;
    this.out.write('\r\x1b[2K' + this.lastLine);
  }
}

const phaseLabels: Record<BackupProgress['phase'], string> = {
  connecting: 'Connecting',
  'reading-schema': 'Reading schema',
  'writing-model': 'Writing model',
  'exporting-data': 'Exporting data',
  finishing: 'Finishing package',
  verifying: 'Verifying',
  done: 'Done',
};

export function percentDone(p: BackupProgress): number {
  if (p.rowsEstimated <= 0) return p.phase === 'done' ? 100 : 0;
  return Math.min(100, Math.floor((p.rowsDone / p.rowsEstimated) * 100));
}

export function formatBar(p: BackupProgress, width: number): string {
  const pct = percentDone(p);
  const filled = Math.round((pct / 100) * width);
  const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
  const table = p.table ? ` ${p.tableIndex}/${p.tableCount} ${p.table}` : '';
  return `${phaseLabels[p.phase]} ${bar} ${String(pct).padStart(3)}% ${formatCount(p.rowsDone)} rows ${formatBytes(p.bytesWritten)}${table}`;
}

export function formatLine(p: BackupProgress): string {
  const table = p.table ? ` table ${p.tableIndex} of ${p.tableCount}: ${p.table}` : '';
  return `[${formatElapsed(p.elapsedMs)}] ${phaseLabels[p.phase]}${table} (${formatCount(p.rowsDone)} of ~${formatCount(p.rowsEstimated)} rows)`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`;
}

export function formatElapsed(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}
