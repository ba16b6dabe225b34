import { rfc3339Nano } from '../process/rfc3339-nano';
import type { Timestamp__Output } from './generated/google/protobuf/Timestamp';

/** A protobuf Timestamp as RFC 3339 with nine fraction digits (UTC); undefined when unset. */
export function timestampToRfc3339(ts: Timestamp__Output | null | undefined): string | undefined {
  if (ts === null || ts === undefined) return undefined;
  const seconds = BigInt(ts.seconds);
  if (seconds <= 0n && ts.nanos === 0) return undefined;
  return rfc3339Nano(seconds * 1_000_000_000n + BigInt(ts.nanos));
}
