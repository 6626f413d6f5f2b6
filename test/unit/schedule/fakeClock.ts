/** A clock whose time and timers move only when the test says so: sleep/wake is a jump, not a wait. */
import type { SchedulerClock } from '../../../src/core/schedule/backupScheduler';

export class FakeClock implements SchedulerClock {
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private nextId = 1;

  constructor(private time: number) {}

  now(): number {
    return this.time;
  }

  setTimer(fn: () => void, ms: number): () => void {
    const id = this.nextId++;
    this.timers.push({ at: this.time + ms, fn, id });
    return () => {
      this.timers = this.timers.filter((t) => t.id !== id);
    };
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way, in order (a machine awake). */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const next = [...this.timers].sort((a, b) => a.at - b.at)[0];
      if (!next || next.at > end) break;
      this.timers = this.timers.filter((t) => t.id !== next.id);
      this.time = Math.max(this.time, next.at);
      next.fn();
    }
    this.time = end;
  }

  /** Sets the wall clock without firing anything (sleep, or a clock changed by hand); pending timers keep their delay. */
  jumpTo(time: number): void {
    const shift = time - this.time;
    this.time = time;
    // A suspended machine's timers fire after waking, counted in the time that passed while awake.
    this.timers = this.timers.map((t) => ({ ...t, at: t.at + shift }));
  }

  pendingTimers(): number {
    return this.timers.length;
  }
}
