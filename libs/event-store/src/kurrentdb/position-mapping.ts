import { START, type Position, type ReadPosition } from '@kurrent/kurrentdb-client';
import { bigintToSafeNumber, safeNumberToBigint } from './safe-number';

/**
 * KurrentDB places an event in `$all` by a pair {commit, prepare} of byte offsets in its transaction
 * log. berth uses one number: the COMMIT position.
 *
 * Why commit: `$all` is ordered by commit position, and for every event written through the gRPC
 * API (KurrentDB 20+ has only implicit, single-append transactions) each event is its own
 * committed record, so commit === prepare and the commit position is unique and strictly
 * increasing per event. It is a byte offset, so positions have gaps (allowed by the port) and
 * `0` ("before the first event") is never an event's position.
 *
 * Going back, a number `n` becomes {commit: n, prepare: n}, which is exactly the position of the
 * event at `n` (see above). Only positions this store returned (or 0) are meaningful.
 */
export function toPositionNumber(position: Position): number {
  return bigintToSafeNumber(position.commit, 'commit position');
}

/**
 * Where to start reading `$all` for "strictly after `after`". 0 → START. Otherwise the event's own
 * position: `readAll` from a position INCLUDES the event there and a subscription from a position
 * EXCLUDES it, so callers always also drop events at or before `after` (see `isAfter`) — which
 * makes both correct whatever the server does at the boundary.
 */
export function toReadPosition(after: number): ReadPosition {
  if (after === 0) return START;
  const exact = safeNumberToBigint(after, 'position');
  return { commit: exact, prepare: exact };
}

/** True when `position` is strictly after `after` (the boundary event itself is dropped). */
export function isAfter(position: number, after: number): boolean {
  return position > after;
}
