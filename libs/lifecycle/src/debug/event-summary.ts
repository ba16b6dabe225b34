import type { RecordedEvent } from '@berth/event-store';
import { cleanupWords, stageWords } from './words';

type Data = Record<string, unknown>;

const str = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const obj = (value: unknown): Data => (typeof value === 'object' && value !== null ? (value as Data) : {});

/** An event's key fields in a few words (the history timeline's last column). */
export function summarizeEvent(event: Pick<RecordedEvent, 'type' | 'data'>): string {
  const d = obj(event.data);
  switch (event.type) {
    case 'ContainerCreated': {
      const config = obj(d.config);
      const host = obj(d.hostConfig);
      const policy = obj(host.restartPolicy);
      const parts = [
        `name ${str(d.name)}`,
        `image ${str(config.image)}`,
        `cmd ${JSON.stringify([config.path, ...list(config.args)])}`,
      ];
      if (policy.name && policy.name !== 'no')
        parts.push(
          `restart ${str(policy.name)}${Number(policy.maximumRetryCount) > 0 ? `:${str(policy.maximumRetryCount)}` : ''}`,
        );
      if (host.autoRemove) parts.push('--rm');
      return parts.join(', ');
    }
    case 'HostConfigReplaced':
      return `host config replaced on start${d.networksReset ? ', network settings reset' : ''}`;
    case 'StartRequested':
      return `start ${str(d.startId).slice(0, 8)}${d.resetRestartManager === false ? ' by the restart manager' : ''}${d.checkpoint ? `, checkpoint ${str(d.checkpoint)}` : ''}`;
    case 'MountCompleted':
      return `rootfs ${str(d.baseFs)}, ${list(d.mounts).length} mount(s)`;
    case 'NetworkInitialized': {
      const ips = list(d.endpoints)
        .map((e) => str(obj(e).ip))
        .filter((ip) => ip !== '');
      return `network ${str(d.mode)}${ips.length > 0 ? ` ${ips.join(', ')}` : ''}`;
    }
    case 'ContainerStarted':
      return `pid ${str(d.pid)}`;
    case 'StartFailed':
      return `at ${stageWords(str(d.stage))}: ${str(d.error)} (exit ${str(d.exitCode)})`;
    case 'CleanupCompleted': {
      const warnings = list(d.warnings);
      return `${list(d.steps)
        .map((s) => cleanupWords(str(s)))
        .join(', ')}${warnings.length > 0 ? `; warnings: ${warnings.map(str).join('; ')}` : ''}`;
    }
    case 'ContainerExited':
      return `exit code ${str(d.exitCode)}${d.oomKilled ? ', OOM killed' : ''}`;
    case 'RestartScheduled':
      return `restart ${str(d.restartCount)} in ${str(d.delayMs)} ms`;
    case 'RestartCancelled':
      return `restart cancelled (${str(d.reason)})`;
    case 'StopRequested':
      return `signal ${str(d.signal)}, timeout ${str(d.timeoutSeconds)} s`;
    case 'Killed':
      return `signal ${str(d.signal)}`;
    case 'RemovalRequested':
    case 'ContainerRemoved':
      return [d.force ? 'force' : '', d.removeVolumes ? 'volumes' : ''].filter(Boolean).join(', ');
    default:
      return '';
  }
}
