/** How the editor words schedules and times: "daily at 03:00", "every 6 hours", "2 h ago". */
import type { BackupSchedule } from '../../core/schedule/backupSchedule';
import { formatDateTime } from '../../shared/format';
import type { L10n } from './l10n';

export function describeSchedule(schedule: BackupSchedule | undefined, l10n: L10n): string {
  if (!schedule || schedule.kind === 'off') return l10n.t('off');
  if (schedule.kind === 'daily') return l10n.t('daily at {time}', { time: schedule.time });
  return schedule.hours === 1 ? l10n.t('every hour') : l10n.t('every {hours} hours', { hours: schedule.hours });
}

/** How long ago, coarse on purpose: the tree refreshes it once a minute. */
export function agoText(thenMs: number, nowMs: number, l10n: L10n): string {
  const minutes = Math.floor(Math.max(0, nowMs - thenMs) / 60_000);
  if (minutes < 1) return l10n.t('just now');
  if (minutes < 60) return l10n.t('{count} min ago', { count: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return l10n.t('{count} h ago', { count: hours });
  return l10n.t('{count} d ago', { count: Math.floor(hours / 24) });
}

/** "today 03:00"-style precision is not needed in a tooltip: the date and time. */
export function nextRunText(nextAt: number, l10n: L10n): string {
  return l10n.t('next run {when}', { when: formatDateTime(nextAt) });
}
