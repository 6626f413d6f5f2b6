// Scheduled backups with a fake clock, in a time zone with daylight saving (each test file runs in its own
// process, so setting TZ here affects only these tests): daily slots across both DST changes, sleep/wake jumps,
// a clock set backwards, missed runs caught up after start-up, and one environment failing.
process.env.TZ = 'Europe/Copenhagen';

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nextSlotAfter, parseStoredSchedule, scheduleStatus, type StoredSchedule } from '../../../src/core/schedule/backupSchedule';
import { BackupScheduler, type ScheduledRunReason, type ScheduledTarget } from '../../../src/core/schedule/backupScheduler';
import { FakeClock } from './fakeClock';

const local = (y: number, mo: number, d: number, h = 0, mi = 0) => new Date(y, mo - 1, d, h, mi).getTime();
const iso = (ms: number | undefined) => (ms === undefined ? 'undefined' : new Date(ms).toISOString());
const hour = 3_600_000;
const daily = (time: string, since = 0): StoredSchedule => ({ kind: 'daily', time, since });

test('the test runs in a zone with daylight saving (otherwise the DST tests prove nothing)', () => {
  assert.notEqual(new Date(2026, 0, 15).getTimezoneOffset(), new Date(2026, 6, 15).getTimezoneOffset());
});

test('daily: the next slot is the first local HH:MM after the anchor', () => {
  assert.equal(iso(nextSlotAfter(daily('03:00'), local(2026, 5, 10, 2, 59))), iso(local(2026, 5, 10, 3, 0)));
  assert.equal(iso(nextSlotAfter(daily('03:00'), local(2026, 5, 10, 3, 0))), iso(local(2026, 5, 11, 3, 0)), 'strictly after');
});

test('daily across spring forward: a time in the gap runs once, just after the gap, then at the time again', () => {
  // 29 March 2026, 02:00 CET → 03:00 CEST: 02:30 does not exist that day.
  const schedule = daily('02:30');
  const before = local(2026, 3, 28, 2, 30);
  const gapDay = nextSlotAfter(schedule, before)!;
  assert.equal(new Date(gapDay).toISOString(), '2026-03-29T01:30:00.000Z', '03:30 CEST, the first moment after the gap');
  const after = nextSlotAfter(schedule, gapDay)!;
  assert.equal(new Date(after).toISOString(), '2026-03-30T00:30:00.000Z', '02:30 CEST the day after');
  assert.equal(after - gapDay, 23 * hour, 'the slots are stepped by date, not by 24 hours');
});

test('daily across fall back: a time that occurs twice runs once, at its first occurrence', () => {
  // 25 October 2026, 03:00 CEST → 02:00 CET: 02:30 happens twice.
  const schedule = daily('02:30');
  const first = nextSlotAfter(schedule, local(2026, 10, 24, 12, 0))!;
  assert.equal(new Date(first).toISOString(), '2026-10-25T00:30:00.000Z', '02:30 CEST');
  // A run that ends during the repeated hour (02:40 CET, an hour and ten minutes later) does not run again at 02:30 CET.
  const ranUntil = first + hour + 10 * 60_000;
  const next = nextSlotAfter(schedule, ranUntil)!;
  assert.equal(new Date(next).toISOString(), '2026-10-26T01:30:00.000Z', '02:30 CET the next day');
  assert.equal(next - first, 25 * hour, 'the day had 25 hours');
});

test('interval: N hours after the last run, in absolute time (DST does not shift it)', () => {
  const schedule: StoredSchedule = { kind: 'interval', hours: 6, since: 0 };
  const last = local(2026, 3, 29, 0, 0);
  assert.equal(nextSlotAfter(schedule, last)! - last, 6 * hour);
});

test('status: switched on later than the last run counts from the switch; due and overdue', () => {
  const since = local(2026, 5, 10, 12, 0);
  const state = { schedule: daily('03:00', since), lastRunAt: local(2026, 5, 1, 3, 0) };
  assert.equal(iso(scheduleStatus(state, since).nextAt), iso(local(2026, 5, 11, 3, 0)), 'enabling does not run at once');
  const s1 = scheduleStatus(state, local(2026, 5, 11, 3, 5));
  assert.deepEqual([s1.due, s1.overdue], [true, false]);
  const s2 = scheduleStatus(state, local(2026, 5, 11, 3, 20));
  assert.deepEqual([s2.due, s2.overdue], [true, true]);
  assert.deepEqual(scheduleStatus({ schedule: { kind: 'off', since } }, since + 99 * hour), { due: false, overdue: false });
});

test('status after a clock set backwards: counted from now, never a wait longer than one period', () => {
  const ranAt = local(2026, 5, 11, 3, 0);
  // Back by an hour: today's 03:00 comes again and runs again (a spare backup rather than a missed one).
  const small = scheduleStatus({ schedule: daily('03:00'), lastRunAt: ranAt + 30 * 60_000 }, ranAt - 30 * 60_000);
  assert.equal(iso(small.nextAt), iso(ranAt));
  assert.equal(small.due, false);
  // Back by three days: the next 03:00 from now, not three days plus a day away.
  const big = scheduleStatus({ schedule: daily('03:00'), lastRunAt: ranAt }, local(2026, 5, 8, 10, 0));
  assert.equal(iso(big.nextAt), iso(local(2026, 5, 9, 3, 0)));
  const interval = scheduleStatus({ schedule: { kind: 'interval', hours: 6, since: 0 }, lastRunAt: ranAt }, ranAt - 24 * hour);
  assert.equal(interval.nextAt! - (ranAt - 24 * hour), 6 * hour);
});

test('stored schedules are checked: bad times, hours out of range and unknown kinds are dropped', () => {
  assert.deepEqual(parseStoredSchedule({ kind: 'daily', time: '03:00', since: 5 }), { kind: 'daily', time: '03:00', since: 5 });
  assert.deepEqual(parseStoredSchedule({ kind: 'interval', hours: 12 }), { kind: 'interval', hours: 12, since: 0 });
  for (const bad of [{ kind: 'daily', time: '24:00' }, { kind: 'daily', time: '3:00' }, { kind: 'interval', hours: 0 }, { kind: 'interval', hours: 1.5 }, { kind: 'weekly' }, null, 'daily']) {
    assert.equal(parseStoredSchedule(bad), undefined, JSON.stringify(bad));
  }
});

/** A host around the scheduler: targets with history, runs recorded at the fake time. */
function harness(clock: FakeClock, targets: ScheduledTarget[], opts: { fail?: string[]; runMs?: number } = {}) {
  const runs: { id: string; reason: ScheduledRunReason; at: number }[] = [];
  const missed: string[][] = [];
  const scheduler = new BackupScheduler({
    clock,
    targets: () => targets,
    run: async (id, reason) => {
      runs.push({ id, reason, at: clock.now() });
      const target = targets.find((t) => t.id === id)!;
      target.lastRunAt = clock.now() + (opts.runMs ?? 0);
      if (opts.fail?.includes(id)) throw new Error(`${id} failed`);
    },
    onMissed: (ids) => missed.push(ids),
    startupDelayMs: 60_000,
  });
  return { scheduler, runs, missed };
}

const settle = () => new Promise((r) => setImmediate(r));

test('scheduler: a run missed while closed waits for the start-up delay, is announced, then runs once', async () => {
  const clock = new FakeClock(local(2026, 5, 11, 9, 0));
  const targets: ScheduledTarget[] = [{ id: 'live', schedule: daily('03:00'), lastRunAt: local(2026, 5, 8, 3, 0) }];
  const { scheduler, runs, missed } = harness(clock, targets);
  scheduler.start();
  await settle();
  assert.equal(runs.length, 0, 'nothing runs in the activation path');
  clock.advance(59_000);
  await settle();
  assert.equal(runs.length, 0, 'nor before the start-up delay');
  clock.advance(1_000);
  await scheduler.idle();
  assert.deepEqual(missed, [['live']], 'announced once');
  assert.deepEqual(runs.map((r) => [r.id, r.reason]), [['live', 'missed']], 'three missed days catch up with one run');
  clock.advance(10 * 60_000);
  await scheduler.idle();
  assert.equal(runs.length, 1, 'and not again before the next slot');
  scheduler.stop();
});

test('scheduler: daily runs at its time each day, also across the spring-forward night', async () => {
  const clock = new FakeClock(local(2026, 3, 27, 12, 0));
  const targets: ScheduledTarget[] = [{ id: 'live', schedule: daily('02:30', local(2026, 3, 27, 12, 0)) }];
  const { scheduler, runs } = harness(clock, targets, { runMs: 5 * 60_000 });
  scheduler.start();
  for (let i = 0; i < 4 * 24 * 60; i++) {
    clock.advance(60_000);
    await scheduler.idle();
  }
  assert.deepEqual(
    runs.map((r) => new Date(r.at).toISOString()),
    ['2026-03-28T01:30:00.000Z', '2026-03-29T01:30:00.000Z', '2026-03-30T00:30:00.000Z', '2026-03-31T00:30:00.000Z'],
    '02:30 CET, 03:30 CEST (02:30 does not exist), then 02:30 CEST',
  );
  assert.ok(runs.every((r) => r.reason === 'scheduled'));
  scheduler.stop();
});

test('scheduler: after sleep over several slots, one run within a minute of waking, then back on schedule', async () => {
  const start = local(2026, 6, 1, 12, 0);
  const clock = new FakeClock(start);
  const targets: ScheduledTarget[] = [{ id: 'staging', schedule: { kind: 'interval', hours: 4, since: start } }];
  const { scheduler, runs } = harness(clock, targets);
  scheduler.start();
  clock.advance(2 * 60_000); // the start-up check: nothing due
  await scheduler.idle();
  assert.equal(runs.length, 0);
  clock.jumpTo(start + 30 * hour); // the laptop slept 30 hours: seven 4-hour slots passed
  await settle();
  assert.equal(runs.length, 0, 'a sleeping machine runs nothing');
  clock.advance(60_000);
  await scheduler.idle();
  assert.equal(runs.length, 1, 'one catch-up run within a minute of waking, not seven');
  const caughtUpAt = runs[0].at;
  clock.advance(4 * hour + 60_000);
  await scheduler.idle();
  assert.equal(runs.length, 2);
  assert.ok(runs[1].at - caughtUpAt >= 4 * hour && runs[1].at - caughtUpAt <= 4 * hour + 60_000, 'four hours after the catch-up');
  scheduler.stop();
});

test('scheduler: a clock set back a day does not run early and does not skip a day', async () => {
  const start = local(2026, 6, 10, 12, 0);
  const clock = new FakeClock(start);
  const targets: ScheduledTarget[] = [{ id: 'live', schedule: daily('03:00', start - 48 * hour), lastRunAt: local(2026, 6, 10, 3, 0) }];
  const { scheduler, runs } = harness(clock, targets);
  scheduler.start();
  clock.advance(2 * 60_000);
  await scheduler.idle();
  assert.equal(runs.length, 0);
  clock.jumpTo(start - 24 * hour); // 9 June, noon: someone set the clock back a day
  for (let i = 0; i < 20 * 60; i++) {
    clock.advance(60_000); // until 10 June, 08:00
    await scheduler.idle();
  }
  assert.deepEqual(runs.map((r) => new Date(r.at).getHours()), [3], 'ran at 03:00 on the "new" 10 June, once');
  scheduler.stop();
});

test('scheduler: one failing environment does not stop the others; due runs go one after another', async () => {
  const clock = new FakeClock(local(2026, 6, 10, 2, 0));
  const since = local(2026, 6, 9, 12, 0);
  const targets: ScheduledTarget[] = ['live', 'staging', 'dev'].map((id) => ({ id, schedule: daily('03:00', since) }));
  let inFlight = 0;
  let maxInFlight = 0;
  const ran: string[] = [];
  const scheduler = new BackupScheduler({
    clock,
    targets: () => targets,
    run: async (id) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await settle();
      ran.push(id);
      inFlight--;
      if (id === 'live') throw new Error('firewall');
    },
    startupDelayMs: 1_000,
  });
  scheduler.start();
  clock.advance(61 * 60_000);
  await scheduler.idle();
  assert.deepEqual(ran, ['live', 'staging', 'dev']);
  assert.equal(maxInFlight, 1);
  // The failed one is not retried every minute: its next chance is the next slot.
  clock.advance(30 * 60_000);
  await scheduler.idle();
  assert.equal(ran.length, 3);
  scheduler.stop();
});

test('scheduler: stop cancels its timer; poke before the first check does nothing', () => {
  const clock = new FakeClock(0);
  const { scheduler } = harness(clock, []);
  scheduler.poke();
  assert.equal(clock.pendingTimers(), 0);
  scheduler.start();
  assert.equal(clock.pendingTimers(), 1);
  scheduler.stop();
  assert.equal(clock.pendingTimers(), 0);
});
