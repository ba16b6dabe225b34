import type { ContainerState } from '@berth/domain';
import { invalidParameter } from '@berth/domain';

const KNOWN = new Set(['name', 'id', 'status', 'label', 'exited', 'ancestor']);
const STATUSES = new Set(['created', 'restarting', 'running', 'removing', 'paused', 'exited', 'dead']);

/** docker ps filters: name (substring/regexp), id (prefix), status, label (key or key=value), exited, ancestor. */
export function matchesFilters(s: ContainerState, filters: Map<string, string[]>): boolean {
  for (const [key, values] of filters) {
    if (!KNOWN.has(key)) throw invalidParameter(`invalid filter '${key}'`);
    if (values.length === 0) continue;
    const ok = values.some((v) => {
      switch (key) {
        case 'name':
          try {
            return new RegExp(v).test(s.name);
          } catch {
            return s.name.includes(v);
          }
        case 'id':
          return s.id.startsWith(v);
        case 'status':
          if (!STATUSES.has(v)) throw invalidParameter(`invalid filter 'status=${v}'`);
          return s.State.Status === v;
        case 'label': {
          const [k, val] = v.split('=', 2) as [string, string | undefined];
          return k in s.config.labels && (val === undefined || s.config.labels[k] === val);
        }
        case 'exited': {
          const code = Number(v);
          if (!Number.isInteger(code)) throw invalidParameter(`invalid filter 'exited=${v}'`);
          return s.State.Status === 'exited' && s.State.ExitCode === code;
        }
        case 'ancestor':
          return s.config.image === v;
        default:
          return false;
      }
    });
    if (!ok) return false;
  }
  return true;
}
