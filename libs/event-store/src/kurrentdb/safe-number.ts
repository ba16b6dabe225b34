/**
 * KurrentDB speaks 64-bit unsigned integers (bigint in the client); the port speaks JS numbers.
 * A value that a number cannot hold exactly (above 2^53 - 1) is refused loudly rather than rounded:
 * a rounded position or revision would silently skip or repeat events.
 */
export function bigintToSafeNumber(value: bigint, what: string): number {
  if (value < 0n) {
    throw new RangeError(`KurrentDB ${what} ${value} is negative; expected a non-negative integer`);
  }
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(
      `KurrentDB ${what} ${value} is beyond 2^53 - 1 (Number.MAX_SAFE_INTEGER) and cannot be represented ` +
        `exactly as a JS number; berth positions and revisions are JS numbers`,
    );
  }
  return Number(value);
}

/** The reverse: a port number (revision, position) to the client's bigint. Must be a safe non-negative integer. */
export function safeNumberToBigint(value: number, what: string): bigint {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${what} must be a non-negative safe integer, got ${String(value)}`);
  }
  return BigInt(value);
}
