/**
 * The Runtime port (design.md §4): what the start saga needs from whatever runs a container.
 * Adapters: `containerd` (gRPC, real isolation) and `process` (host processes, NO isolation:
 * development and fast tests only).
 *
 * Errors: a failed call rejects with a RuntimeCallError whose message is the runtime's text
 * verbatim (e.g. runc's "exec: \"/bin/nope\": stat /bin/nope: no such file or directory"), so the
 * domain's one exit-code mapping applies to every adapter.
 */

export interface MountSpec {
  /** Path inside the container. */
  readonly destination: string;
  /** 'bind' | 'tmpfs' | 'proc' | ... */
  readonly type: string;
  readonly source: string;
  readonly options: readonly string[];
}

export interface TaskSpec {
  /** The container id (64 hex). */
  readonly id: string;
  /** Root filesystem directory on the host (the merged overlay, or a plain directory). */
  readonly rootfs: string;
  readonly readonlyRootfs: boolean;
  readonly process: {
    readonly args: readonly string[];
    readonly env: readonly string[];
    readonly cwd: string;
    readonly user: string;
    readonly terminal: boolean;
  };
  readonly hostname: string;
  /** Extra mounts: binds, volumes, tmpfs, secrets. */
  readonly mounts: readonly MountSpec[];
  /** Size of /dev/shm in bytes. */
  readonly shmSize: number;
  readonly network: {
    readonly mode: string;
    /** Network namespace path to join (bridge mode); undefined = new empty netns (none) or host. */
    readonly netnsPath?: string;
  };
  /** JSON-lines log file (Docker's json-file format) receiving stdout and stderr. */
  readonly logPath: string;
}

export type TaskStatus = 'created' | 'running' | 'paused' | 'stopped' | 'unknown';

export interface TaskInfo {
  readonly id: string;
  readonly pid: number;
  readonly status: TaskStatus;
  /** Set when status is 'stopped'. */
  readonly exitCode?: number;
  readonly exitedAt?: string;
}

export interface TaskExit {
  readonly id: string;
  readonly pid: number;
  readonly exitCode: number;
  readonly exitedAt: string;
  readonly oomKilled: boolean;
}

export class RuntimeCallError extends Error {
  override readonly name = 'RuntimeCallError';
  constructor(
    message: string,
    /** 'not_found' | 'already_exists' | 'invalid' | 'unknown' */
    readonly kind: 'not_found' | 'already_exists' | 'invalid' | 'unknown' = 'unknown',
  ) {
    super(message);
  }
}

export interface Runtime {
  /** 'containerd' | 'process' */
  readonly name: string;
  /** Create the container and its task (not started). Idempotent: an existing task of the same id is kept. */
  create(spec: TaskSpec): Promise<void>;
  /** Start a created task; resolves with its pid. */
  start(id: string): Promise<{ pid: number }>;
  kill(id: string, signal: number): Promise<void>;
  pause(id: string): Promise<void>;
  resume(id: string): Promise<void>;
  /** Delete task and container; NotFound counts as done. Returns the exit code if the task had exited. */
  delete(id: string): Promise<{ exitCode?: number }>;
  /** The task's current state, or undefined when there is none. */
  get(id: string): Promise<TaskInfo | undefined>;
  list(): Promise<TaskInfo[]>;
  /** Register the handler of task exits (at most one). Exits seen before registration are delivered on registration. */
  onExit(handler: (exit: TaskExit) => void): void;
  close(): Promise<void>;
}
