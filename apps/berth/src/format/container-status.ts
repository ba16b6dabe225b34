import type { Container__Output } from '../../../berthd/src/grpc/generated/berth/v1/Container';
import { ago, humanDuration } from './time';

/** STATUS as docker ps shows it: "Up 5 seconds", "Exited (1) 2 minutes ago", "Created". */
export function statusText(container: Container__Output, now = Date.now()): string {
  const s = container.state;
  if (!s) return '';
  switch (s.status) {
    case 'running':
      return `Up ${humanDuration(Math.round((now - Date.parse(s.startedAt)) / 1000))}`;
    case 'paused':
      return `Up ${humanDuration(Math.round((now - Date.parse(s.startedAt)) / 1000))} (Paused)`;
    case 'restarting':
      return `Restarting (${s.exitCode}) ${ago(s.finishedAt, now)}`;
    case 'exited':
      return `Exited (${s.exitCode}) ${ago(s.finishedAt, now)}`;
    case 'removing':
      return 'Removal In Progress';
    case 'dead':
      return 'Dead';
    default:
      return 'Created';
  }
}

/** COMMAND as docker ps shows it: quoted, truncated to 20 characters unless asked not to. */
export function commandText(container: Container__Output, truncate: boolean): string {
  const full = [container.path, ...container.args].join(' ');
  const cut = truncate && full.length > 20 ? `${full.slice(0, 19)}…` : full;
  return `"${cut}"`;
}

/** A container message with its state JSON parsed (what inspect and --json print). */
export function containerJson(container: Container__Output): Record<string, unknown> {
  const { stateJson, ...rest } = container;
  return { ...rest, aggregate: stateJson ? (JSON.parse(stateJson) as unknown) : undefined };
}
