/**
 * Runs scheduled backups while the host (VS Code) runs: wakes up at the next due time but at least once a
 * minute, so a computer waking from sleep or a changed clock is noticed within a minute; runs due backups one
 * after another; and at start-up waits `startupDelayMs` before catching up what was missed while it was closed
 * (never in the activation path), telling the host first. Clock and timers are injected.
 */
import { scheduleStatus, type StoredSchedule } from './backupSchedule';

export interface SchedulerClock {
  now(): number;
  /** Calls `fn` after `ms`; returns a function that cancels it. */
  setTimer(fn: () => void, ms: number): () => void;
}

export const systemClock: SchedulerClock = {
  now: () => Date.now(),
  setTimer(fn, ms) {
    const timer = setTimeout(fn, ms);
    timer.unref?.();
    return () => clearTimeout(timer);
  },
};

export interface ScheduledTarget {
  id: string;
  schedule: StoredSchedule;
  /** When its last backup ended (history), any outcome. */
  lastRunAt?: number;
}

export type ScheduledRunReason = 'scheduled' | 'missed';

export interface BackupSchedulerDeps {
  clock: SchedulerClock;
  targets(): ScheduledTarget[];
  /** Runs one scheduled backup; resolves when it has ended, whatever the outcome. */
  run(id: string, reason: ScheduledRunReason): Promise<void>;
  /** Before catching up runs missed while the host was closed. */
  onMissed?(ids: string[]): void;
  /** Default 60 s. */
  startupDelayMs?: number;
  /** Longest sleep between checks; default 60 s. */
  maxSleepMs?: number;
}

export class BackupScheduler {
  private cancelTimer: (() => void) | undefined;
  private started = false;
  private firstCheckDone = false;
  private stopped = false;
  /** When each target's last scheduled run started: a run that records no history still counts. */
  private readonly attemptedAt = new Map<string, number>();
  private readonly queue: { id: string; reason: ScheduledRunReason }[] = [];
  private readonly running = new Set<string>();
  /** Last runs found later than the clock (set backwards), and what they count as. */
  private readonly rebased = new Map<string, { from: number; to: number }>();
  private draining: Promise<void> | undefined;

  constructor(private readonly deps: BackupSchedulerDeps) {}

  /** Arms the first check after the start-up delay; does nothing else (cheap in an activation path). */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.arm(this.deps.startupDelayMs ?? 60_000);
  }

  /** Schedules changed (an environment saved or removed): look again soon. Before the first check, nothing. */
  poke(): void {
    if (this.firstCheckDone && !this.stopped) this.arm(0);
  }

  stop(): void {
    this.stopped = true;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    this.queue.length = 0;
  }

  /** The queue drained (tests wait on this after firing a timer). */
  idle(): Promise<void> {
    return this.draining ?? Promise.resolve();
  }

  private arm(ms: number): void {
    this.cancelTimer?.();
    this.cancelTimer = this.deps.clock.setTimer(() => this.check(), Math.max(0, ms));
  }

  private check(): void {
    if (this.stopped) return;
    const now = this.deps.clock.now();
    const queued = new Set(this.queue.map((q) => q.id));
    const due: string[] = [];
    let nextAt = Number.POSITIVE_INFINITY;
    for (const target of this.deps.targets()) {
      if (target.schedule.kind === 'off') continue;
      const status = scheduleStatus({ schedule: target.schedule, lastRunAt: this.lastRunOf(target, now) }, now);
      if (status.due && !queued.has(target.id) && !this.running.has(target.id)) due.push(target.id);
      else if (status.nextAt !== undefined && !status.due) nextAt = Math.min(nextAt, status.nextAt);
    }
    const reason: ScheduledRunReason = this.firstCheckDone ? 'scheduled' : 'missed';
    if (!this.firstCheckDone && due.length > 0) this.deps.onMissed?.(due);
    this.firstCheckDone = true;
    for (const id of due) this.queue.push({ id, reason });
    if (this.queue.length > 0 && !this.draining) this.draining = this.drain();
    this.arm(Math.min(this.deps.maxSleepMs ?? 60_000, Math.max(1_000, nextAt - now)));
  }

  /**
   * The later of the recorded last run and this scheduler's last attempt. A last run later than now means the
   * clock was set backwards: from then on it counts as having happened at the moment that was noticed, also
   * once the clock passes it again (else the slot at that time would count as served and a day be skipped).
   */
  private lastRunOf(target: ScheduledTarget, now: number): number | undefined {
    let recorded = target.lastRunAt;
    if (recorded !== undefined) {
      const rebased = this.rebased.get(target.id);
      if (rebased && rebased.from === recorded) recorded = rebased.to;
      else if (recorded > now) {
        this.rebased.set(target.id, { from: recorded, to: now });
        recorded = now;
      }
    }
    const attempted = this.attemptedAt.get(target.id);
    if (attempted !== undefined && attempted > now) this.attemptedAt.set(target.id, now);
    const candidates = [recorded, this.attemptedAt.get(target.id)].filter((t): t is number => t !== undefined);
    return candidates.length > 0 ? Math.max(...candidates) : undefined;
  }

  private async drain(): Promise<void> {
    try {
      for (let next = this.queue.shift(); next && !this.stopped; next = this.queue.shift()) {
        this.attemptedAt.set(next.id, this.deps.clock.now());
        this.running.add(next.id);
        try {
          await this.deps.run(next.id, next.reason);
        } catch {
          // The host reports failures itself; one failing environment must not stop the others.
        } finally {
          this.running.delete(next.id);
        }
      }
    } finally {
      this.draining = undefined;
    }
  }
}
