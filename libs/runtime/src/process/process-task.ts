import type { ChildProcess } from 'node:child_process';
import type { TaskExit, TaskInfo, TaskSpec } from '../runtime.port';
import type { LaunchPlan } from './launch-plan';
import type { ProcessEnd } from './spawn-task';

/** 'starting' covers the short wait between start() and a pid. */
export type TaskPhase = 'created' | 'starting' | 'running' | 'stopped';

/** What the process runtime remembers about one task. */
export class ProcessTask {
  phase: TaskPhase = 'created';
  paused = false;
  pid = 0;
  child: ChildProcess | undefined;
  end: ProcessEnd | undefined;
  /** Settles when the task has stopped and its exit was handed over. */
  stopped: Promise<void> | undefined;

  constructor(
    readonly spec: TaskSpec,
    readonly plan: LaunchPlan,
  ) {}

  get id(): string {
    return this.spec.id;
  }

  info(): TaskInfo {
    const { id, pid, end } = this;
    switch (this.phase) {
      case 'created':
      case 'starting':
        return { id, pid, status: 'created' };
      case 'running':
        return { id, pid, status: this.paused ? 'paused' : 'running' };
      case 'stopped':
        return { id, pid, status: 'stopped', exitCode: end?.exitCode, exitedAt: end?.exitedAt };
    }
  }

  exit(end: ProcessEnd): TaskExit {
    return { id: this.id, pid: this.pid, exitCode: end.exitCode, exitedAt: end.exitedAt, oomKilled: false };
  }
}
