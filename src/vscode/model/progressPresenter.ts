/**
 * Turns the core's BackupProgress events into what the editor shows: the notification's message and
 * `increment` (VS Code adds increments up to 100, so we hand it only the growth since the last report), and
 * the status-bar text. One presenter per backup run.
 */
import type { BackupPhase, BackupProgress } from '../../core/export/types';
import { formatBytes, formatCount } from '../../shared/format';
import type { L10n } from './l10n';

export interface ProgressView {
  /** Notification message, under the title. */
  message: string;
  /** Percentage points to add to the notification bar; undefined when nothing grew. */
  increment?: number;
  /** 0–100 when known. */
  percent?: number;
  /** Status-bar text, with a codicon. */
  statusText: string;
}

/** The last few percent are the package's finishing and verification, which rows cannot measure. */
const dataShare = 95;

export class ProgressPresenter {
  private reported = 0;

  constructor(
    private readonly l10n: L10n,
    /** Short name for the status bar, e.g. "Live". */
    private readonly label: string,
  ) {}

  present(p: BackupProgress): ProgressView {
    const percent = this.percentOf(p);
    let increment: number | undefined;
    if (percent !== undefined && percent > this.reported) {
      increment = percent - this.reported;
      this.reported = percent;
    }
    const shown = percent ?? (this.reported > 0 ? this.reported : undefined);
    const statusText =
      shown === undefined
        ? this.l10n.t('$(sync~spin) {label}: {phase}', { label: this.label, phase: this.phaseText(p.phase) })
        : this.l10n.t('$(sync~spin) {label}: {percent}%', { label: this.label, percent: shown });
    return { message: this.messageOf(p, shown), increment, percent: shown, statusText };
  }

  /** Monotonic: a row estimate that grows must not move the bar backwards. */
  private percentOf(p: BackupProgress): number | undefined {
    if (p.phase === 'done') return 100;
    if (p.phase === 'finishing' || p.phase === 'verifying') return Math.max(this.reported, dataShare);
    if (p.phase !== 'exporting-data' || !(p.rowsEstimated > 0)) return undefined;
    const fraction = Math.min(1, Math.max(0, p.rowsDone / p.rowsEstimated));
    return Math.max(this.reported, Math.floor(fraction * dataShare));
  }

  private messageOf(p: BackupProgress, percent: number | undefined): string {
    // Something worth saying (a restart after a transient fault) stays up until the next report replaces it.
    if (p.message) return p.message;
    if (p.phase !== 'exporting-data') {
      return p.phase === 'finishing' || p.phase === 'verifying'
        ? this.l10n.t('{phase} ({size} written)', { phase: this.phaseText(p.phase), size: formatBytes(p.bytesWritten) })
        : this.phaseText(p.phase);
    }
    const rows = formatCount(p.rowsDone);
    const table = p.table ?? '';
    if (p.tableIndex !== undefined && p.tableCount !== undefined) {
      return percent === undefined
        ? this.l10n.t('Table {index} of {count}: {table} — {rows} rows', { index: p.tableIndex, count: p.tableCount, table, rows })
        : this.l10n.t('Table {index} of {count}: {table} — {rows} rows, {percent}%', {
            index: p.tableIndex,
            count: p.tableCount,
            table,
            rows,
            percent,
          });
    }
    return percent === undefined
      ? this.l10n.t('Exporting data — {rows} rows', { rows })
      : this.l10n.t('Exporting data — {rows} rows, {percent}%', { rows, percent });
  }

  private phaseText(phase: BackupPhase): string {
    switch (phase) {
      case 'connecting':
        return this.l10n.t('Connecting…');
      case 'reading-schema':
        return this.l10n.t('Reading the schema…');
      case 'writing-model':
        return this.l10n.t('Writing the model…');
      case 'exporting-data':
        return this.l10n.t('Exporting data…');
      case 'finishing':
        return this.l10n.t('Finishing the package…');
      case 'verifying':
        return this.l10n.t('Verifying the package…');
      case 'done':
        return this.l10n.t('Done');
    }
  }
}
