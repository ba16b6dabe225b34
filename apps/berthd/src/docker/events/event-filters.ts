import { invalidParameter } from '@berth/domain';
import type { DockerEventMessage } from './docker-events';

const KNOWN = new Set(['container', 'event', 'type', 'image', 'label', 'scope']);

/** docker events filters: container (id, id prefix or name), event, type, image, label, scope. */
export function eventMatcher(filters: Map<string, string[]>): (m: DockerEventMessage) => boolean {
  for (const key of filters.keys()) if (!KNOWN.has(key)) throw invalidParameter(`invalid filter '${key}'`);
  return (m) =>
    [...filters].every(([key, values]) =>
      values.length === 0 ||
      values.some((v) => {
        switch (key) {
          case 'container':
            return m.id.startsWith(v) || m.Actor.Attributes.name === v.replace(/^\//, '');
          case 'event':
            return m.Action === v;
          case 'type':
            return m.Type === v;
          case 'image':
            return m.from === v;
          case 'scope':
            return v === 'local';
          case 'label': {
            const [k, val] = v.split('=', 2) as [string, string | undefined];
            return k in m.Actor.Attributes && (val === undefined || m.Actor.Attributes[k] === val);
          }
          default:
            return false;
        }
      }),
    );
}

/** `since`/`until`: unix seconds (`1700000000` or `1700000000.123456789`) or RFC 3339. Returns ms. */
export function parseEventTime(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw invalidParameter(`invalid value for ${name}: ${JSON.stringify(value)}`);
  return ms;
}
