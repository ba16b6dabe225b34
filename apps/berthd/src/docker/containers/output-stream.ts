import { containerStream, type ContainerState } from '@berth/domain';
import type { StreamWatcher } from '@berth/lifecycle';
import type { Writable } from 'node:stream';
import { frame, type LogEntry, logSize, readLog } from './log-follower';

/**
 * The container's output as attach sends it: from the current end of its log, multiplexed
 * (stdout/stderr frames) unless it has a TTY, until its next exit (or a failed start), then the
 * rest of the log. Used by `docker start -a` and `docker run`.
 */
export async function streamOutput(
  out: Writable,
  state: ContainerState,
  position: number,
  logPath: string,
  watcher: StreamWatcher,
  wanted: { stdout: boolean; stderr: boolean },
  signal: AbortSignal,
): Promise<void> {
  const from = await logSize(logPath);
  let ended = false;
  const end = watcher
    .waitFor(
      containerStream(state.id),
      position,
      (e) => (e.type === 'ContainerExited' || e.type === 'CleanupCompleted' || e.type === 'ContainerRemoved' ? true : undefined),
      { signal, what: 'the container to stop' },
    )
    .then(
      () => (ended = true),
      () => (ended = true),
    );
  const write = (entry: LogEntry): void => {
    if (!wanted[entry.stream] || out.destroyed) return;
    const payload = Buffer.from(entry.log, 'utf8');
    out.write(state.config.tty ? payload : frame(entry.stream, payload));
  };
  await readLog(logPath, from, write, { follow: true, done: () => ended, signal });
  await end;
}
