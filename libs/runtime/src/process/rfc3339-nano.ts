/**
 * Timestamps as Docker writes them in json-file logs (Go's RFC3339NanoFixed, UTC):
 * `2006-01-02T15:04:05.000000000Z` — always nine fraction digits.
 *
 * The wall clock only has millisecond resolution in Node, so nanoseconds come from the monotonic
 * clock, anchored to the wall clock and re-anchored when the two drift apart by more than 5 ms.
 */

const NS_PER_MS = 1_000_000n;
const MAX_DRIFT_MS = 5;

let anchorWallNs = BigInt(Date.now()) * NS_PER_MS;
let anchorMonotonicNs = process.hrtime.bigint();

function nowNs(): bigint {
  const ns = anchorWallNs + (process.hrtime.bigint() - anchorMonotonicNs);
  const wallMs = Date.now();
  if (Math.abs(Number(ns / NS_PER_MS) - wallMs) > MAX_DRIFT_MS) {
    anchorWallNs = BigInt(wallMs) * NS_PER_MS;
    anchorMonotonicNs = process.hrtime.bigint();
    return anchorWallNs;
  }
  return ns;
}

/** Format epoch nanoseconds (default: now) as `YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ`. */
export function rfc3339Nano(epochNs: bigint = nowNs()): string {
  const ms = Number(epochNs / NS_PER_MS);
  const fraction = (epochNs % 1_000_000_000n).toString().padStart(9, '0');
  return `${new Date(ms).toISOString().slice(0, 19)}.${fraction}Z`;
}
