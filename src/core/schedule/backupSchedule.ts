/**
 * When a scheduled backup is due: daily at a local time, or every N hours. Pure and clock-free (the caller passes
 * `now`), so daylight-saving changes, sleep/wake jumps and a clock set backwards are tested with plain numbers.
 *
 * The rule: a schedule has an anchor, the later of its last run and the moment it was switched on. The next run
 * is the first slot after the anchor; it is due once now reaches it. However long the machine slept, one run
 * catches up, not one per missed slot. A clock set backwards never makes the wait longer than one period.
 */
import { intervalHoursRange, parseTimeOfDay } from '../../shared/scheduleRules';

export type BackupSchedule = { kind: 'off' } | { kind: 'daily'; time: string } | { kind: 'interval'; hours: number };

/** A schedule as stored with an environment: `since` is when it was switched on or last changed (epoch ms). */
export type StoredSchedule = BackupSchedule & { since: number };

/** Checks a stored value (globalState holds whatever an older or newer version wrote). */
export function parseStoredSchedule(value: unknown): StoredSchedule | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const since = typeof v.since === 'number' && Number.isFinite(v.since) ? v.since : 0;
  if (v.kind === 'off') return { kind: 'off', since };
  if (v.kind === 'daily' && typeof v.time === 'string' && parseTimeOfDay(v.time)) return { kind: 'daily', time: v.time.trim(), since };
  if (v.kind === 'interval' && typeof v.hours === 'number' && Number.isInteger(v.hours) && v.hours >= intervalHoursRange.min && v.hours <= intervalHoursRange.max) {
    return { kind: 'interval', hours: v.hours, since };
  }
  return undefined;
}

/** The first slot strictly after `anchor`; undefined when the schedule is off. */
export function nextSlotAfter(schedule: BackupSchedule, anchor: number): number | undefined {
  switch (schedule.kind) {
    case 'off':
      return undefined;
    case 'interval':
      return anchor + schedule.hours * 3_600_000;
    case 'daily': {
      const [hours, minutes] = parseTimeOfDay(schedule.time) ?? [0, 0];
      const day = new Date(anchor);
      // Local wall-clock time via the Date constructor: a time in a spring-forward gap moves past the gap, and
      // a time that occurs twice in autumn means its first occurrence. Days are stepped by date, not by 24 h.
      for (let add = 0; add <= 2; add++) {
        const slot = new Date(day.getFullYear(), day.getMonth(), day.getDate() + add, hours, minutes).getTime();
        if (slot > anchor) return slot;
      }
      return undefined; // unreachable: a day later is always after the anchor
    }
  }
}

export interface ScheduleState {
  schedule: StoredSchedule;
  /** When the last backup of the environment (any outcome, any trigger) ended or, for scheduled runs, started. */
  lastRunAt?: number;
}

export interface ScheduleStatus {
  /** When the next scheduled backup runs; undefined when the schedule is off. */
  nextAt?: number;
  /** The next run's time has come. */
  due: boolean;
  /** Due for longer than `overdueAfterMs`: a run was missed (VS Code closed, the computer asleep, a failure). */
  overdue: boolean;
}

/** Default grace before a due run counts as missed in the tree: the scheduler checks once a minute. */
export const overdueAfterMs = 15 * 60_000;

export function scheduleStatus(state: ScheduleState, now: number, graceMs: number = overdueAfterMs): ScheduleStatus {
  // A last run "in the future" means the clock was set backwards: count from now, so the wait is never longer
  // than one period (at worst a slot already served runs again: a spare backup rather than a missed one).
  const anchor = Math.min(Math.max(state.lastRunAt ?? state.schedule.since, state.schedule.since), now);
  const nextAt = nextSlotAfter(state.schedule, anchor);
  if (nextAt === undefined) return { due: false, overdue: false };
  return { nextAt, due: now >= nextAt, overdue: now >= nextAt + graceMs };
}
