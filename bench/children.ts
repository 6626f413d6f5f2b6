/**
 * Child processes of the benchmark: the double (`--role=server`) and one measurement (`--role=measure`). Both
 * are this same bundle forked with a role; jobs and connection details (with the double's throwaway password)
 * travel over the IPC channel, never in process arguments.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { queryNameOf } from '../src/core/catalog/queries';
import { tableOfDataQuery } from '../src/core/export/tableReader';
import { serveDatabase } from '../test/support/demo/serveDatabase';
import { createBenchDatabase, type BenchTableSpec } from './benchDatabase';
import { runMeasurement } from './measurements';
import type { MeasureJob, MeasureResult, ServedInfo } from './protocol';

type ServerRequest = { spec: BenchTableSpec; tls: boolean; linkBytesPerSecond?: number };

/** Child side of `--role=server`: serves the bench database until the parent says stop or goes away. */
export function serverRole(): void {
  process.once('message', async (message: ServerRequest) => {
    const db = createBenchDatabase(message.spec);
    const served = await serveDatabase(db, {
      tls: message.tls ? 'on' : 'off',
      linkBytesPerSecond: message.linkBytesPerSecond,
      // Data queries get the pre-converted rows (benchDatabase.ts); the catalog queries the normal answers.
      intercept: (request) => {
        const table = queryNameOf(request.sql)?.name === 'cdb:data' ? tableOfDataQuery(request.sql) : undefined;
        return table ? [db.dataResult(table, request.sql)] : undefined;
      },
    });
    const info: ServedInfo = {
      settings: served.settings({ connectTimeoutSeconds: 30 }),
      tableNames: db.tableNames,
      rowsPerTable: db.rowsPerTable,
      bcpBytesPerTable: db.bcpBytesPerTable,
      tls: served.server.tlsEnabled,
    };
    process.send?.(info);
    const stop = () => {
      void served.close().finally(() => process.exit(0));
    };
    process.on('message', (m) => { if (m === 'stop') stop(); });
    process.on('disconnect', stop);
  });
}

/** Child side of `--role=measure`: runs one job, sends its result, exits. */
export function measureRole(): void {
  process.once('message', async (job: MeasureJob) => {
    try {
      const result = await runMeasurement(job);
      process.send?.({ ok: true, result }, () => process.exit(0));
    } catch (e) {
      process.send?.({ ok: false, error: e instanceof Error ? e.stack ?? e.message : String(e) }, () => process.exit(1));
    }
  });
}

export interface ServerHandle {
  info: ServedInfo;
  stop(): Promise<void>;
}

function forkRole(role: string, execArgv: string[] = []): ChildProcess {
  // This same script, whether run from the esbuild bundle or from tsc's output.
  return fork(process.argv[1], [`--role=${role}`], {
    execArgv: [...execArgv],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

/** Starts the double in its own process; `linkBytesPerSecond` caps each connection's rate (a slow link). */
export function startServer(spec: BenchTableSpec, tls: boolean, linkBytesPerSecond?: number): Promise<ServerHandle> {
  const child = forkRole('server', ['--max-old-space-size=512']);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the double exited early (code ${code})`)));
    child.once('message', (info: ServedInfo) => {
      child.removeAllListeners('exit');
      resolve({
        info,
        stop: () => new Promise<void>((done) => {
          child.once('exit', () => done());
          child.send('stop');
        }),
      });
    });
    child.send({ spec, tls, linkBytesPerSecond } satisfies ServerRequest);
  });
}

/** Runs one job in a fresh process; `cpuProfileDir` adds `--cpu-prof` there. */
export function measure(job: MeasureJob, cpuProfileDir?: string): Promise<MeasureResult> {
  const execArgv = cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`] : [];
  const child = forkRole('measure', execArgv);
  return new Promise((resolve, reject) => {
    let answer: { ok: true; result: MeasureResult } | { ok: false; error: string } | undefined;
    child.once('message', (m: typeof answer) => { answer = m; });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (answer?.ok) resolve(answer.result);
      else reject(new Error(`measurement ${job.kind} failed (exit ${code}): ${answer && !answer.ok ? answer.error : 'no answer'}`));
    });
    child.send(job);
  });
}
