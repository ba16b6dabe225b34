import {
  ANY,
  NO_STREAM,
  STREAM_EXISTS,
  type AppendStreamState,
  type CurrentStreamState,
} from '@kurrent/kurrentdb-client';
import type { ActualRevision } from '../errors';
import type { ExpectedRevision } from '../event-store.port';
import { bigintToSafeNumber, safeNumberToBigint } from './safe-number';

/**
 * Our expected revision to the client's `streamState`. Revisions are 0-based on both sides
 * (the first event of a stream is revision 0), so an exact revision maps one to one.
 */
export function toStreamState(expected: ExpectedRevision): AppendStreamState {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      return safeNumberToBigint(expected, 'expected revision');
  }
}

/**
 * The client's view of a stream's actual state to ours. KurrentDB reports special negative
 * revisions for streams that do not exist in a usable way (-1 no stream, -5 deleted,
 * -6 tombstoned in v2 errors); for an append's caller they all mean "there is no stream here".
 */
export function toActualRevision(current: CurrentStreamState | bigint): ActualRevision {
  if (current === NO_STREAM) return 'no_stream';
  if (current < 0n) return 'no_stream';
  return bigintToSafeNumber(current, 'stream revision');
}

/** A stream revision read from KurrentDB (bigint) to ours. */
export function toRevision(revision: bigint): number {
  return bigintToSafeNumber(revision, 'stream revision');
}
