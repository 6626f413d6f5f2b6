/**
 * The rules of a schedule's fields, shared by the core's scheduler, the extension and the connect form's
 * script (which imports nothing outside src/shared): a time of day as 24-hour HH:MM, an interval in whole hours.
 */

export type ScheduleKind = 'off' | 'daily' | 'interval';

export const scheduleKinds: readonly ScheduleKind[] = ['off', 'daily', 'interval'];

export const intervalHoursRange = { min: 1, max: 168 } as const;

const timePattern = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** `HH:MM` (24-hour) → [hours, minutes], or undefined. */
export function parseTimeOfDay(text: string): [number, number] | undefined {
  const m = timePattern.exec(text.trim());
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/** Whole hours within the range, or undefined. */
export function parseIntervalHours(text: string): number | undefined {
  if (!/^\d+$/.test(text.trim())) return undefined;
  const hours = Number(text.trim());
  return hours >= intervalHoursRange.min && hours <= intervalHoursRange.max ? hours : undefined;
}
