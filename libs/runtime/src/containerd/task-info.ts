import type { TaskInfo, TaskStatus } from '../runtime.port';
import type { Process__Output } from './generated/containerd/v1/types/Process';
import { timestampToRfc3339 } from './timestamp';

const STATUS: Record<string, TaskStatus> = {
  CREATED: 'created',
  RUNNING: 'running',
  PAUSED: 'paused',
  PAUSING: 'paused',
  STOPPED: 'stopped',
};

/** The container id of a task: containerd 1.6 fills only `id` (= the container id) in Get/List. */
export function taskId(process: Process__Output): string {
  return process.container_id !== '' ? process.container_id : process.id;
}

/** containerd's view of a task's init process as the port's TaskInfo. */
export function taskInfo(process: Process__Output): TaskInfo {
  const status = STATUS[process.status] ?? 'unknown';
  const id = taskId(process);
  if (status !== 'stopped') return { id, pid: process.pid, status };
  const exitedAt = timestampToRfc3339(process.exited_at);
  return {
    id,
    pid: process.pid,
    status,
    exitCode: process.exit_status,
    ...(exitedAt !== undefined ? { exitedAt } : {}),
  };
}
