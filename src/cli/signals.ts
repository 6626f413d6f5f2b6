/**
 * Ctrl+C, SIGTERM (cron, systemd, `docker stop`) and SIGHUP (a closed terminal) all cancel a running backup the
 * same way: the backup removes its temporary file and the process exits with 128 + the signal's number, as
 * shells report a process a signal ended. A second signal while cleaning up exits at once; whatever that leaves
 * behind, the next backup into the folder removes.
 */
import { constants } from 'node:os';
import { BackupError } from '../core/errors';

export const cancelSignals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type CancelSignal = (typeof cancelSignals)[number];

/** 130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP. */
export function signalExitCode(signal: CancelSignal): number {
  return 128 + constants.signals[signal];
}

/** A cancellation that a signal caused: the CLI exits with that signal's code. */
export class InterruptedError extends BackupError {
  constructor(
    readonly signal: CancelSignal,
    message: string,
  ) {
    super('cancelled', message);
  }
}

export interface SignalCancellation {
  /** The first signal received, if any. */
  readonly received: CancelSignal | undefined;
  dispose(): void;
}

/** Until disposed, the first of the signals calls `cancel`, and a second one exits with its code at once. */
export function cancelOnSignals(cancel: (signal: CancelSignal) => void): SignalCancellation {
  let received: CancelSignal | undefined;
  const handlers = cancelSignals.map((signal) => {
    const handler = () => {
      if (received) process.exit(signalExitCode(signal));
      received = signal;
      cancel(signal);
    };
    process.on(signal, handler);
    return () => process.removeListener(signal, handler);
  });
  return {
    get received() {
      return received;
    },
    dispose: () => handlers.forEach((remove) => remove()),
  };
}
