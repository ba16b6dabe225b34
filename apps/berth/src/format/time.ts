/** "5 seconds ago", "3 minutes ago", as docker ps says. */
export function ago(time: string, now = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(time)) / 1000));
  return `${humanDuration(seconds)} ago`;
}

/** Docker's units.HumanDuration, roughly: "Less than a second", "5 seconds", "About a minute", "3 hours". */
export function humanDuration(seconds: number): string {
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.round(seconds / 60);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.round(seconds / 3600);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  return `${Math.round(hours / 24)} days`;
}

/** "+12 ms", "+1.5 s" (Δt between events). */
export function delta(ms: number): string {
  if (ms < 1000) return `+${Math.round(ms)} ms`;
  if (ms < 60_000) return `+${(ms / 1000).toFixed(1)} s`;
  return `+${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/;
const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * A time given on the command line, as RFC 3339: an RFC 3339 / ISO time, Unix seconds, or a
 * duration before now ("10m", "2h", "30s"), as `docker events --since` takes them.
 */
export function parseTimeArg(value: string, now = Date.now()): string {
  const duration = DURATION.exec(value);
  if (duration) return new Date(now - Number(duration[1]) * UNIT_MS[duration[2]!]!).toISOString();
  if (/^\d+(\.\d+)?$/.test(value)) return new Date(Number(value) * 1000).toISOString();
  const parsed = Date.parse(value);
  if (!Number.isFinite(parsed))
    throw new Error(`"${value}" is not a time (RFC 3339, Unix seconds, or a duration like 10m)`);
  return new Date(parsed).toISOString();
}

/** HH:MM:SS.mmm of a time (local), for timelines. */
export function clock(time: string): string {
  const d = new Date(time);
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}
