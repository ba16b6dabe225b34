/**
 * Positions this store has seen events at (appends, reads, subscriptions), kept sorted.
 *
 * Why: KurrentDB can only start reading `$all` at a record boundary — a position in the middle of
 * a record is an error. A berth position is any integer ("strictly after 41" is valid even when
 * no event sits at 41), so for a number that is not known to be an event's position the store
 * starts at the greatest known position below it (or at the start) and skips forward.
 * Bounded: past `capacity` the lowest half is forgotten (old positions are rarely asked for).
 */
export class KnownPositions {
  private positions: number[] = [];

  constructor(private readonly capacity = 100_000) {}

  add(position: number): void {
    const index = this.lowerBound(position);
    if (this.positions[index] === position) return;
    this.positions.splice(index, 0, position);
    if (this.positions.length > this.capacity)
      this.positions = this.positions.slice(Math.floor(this.capacity / 2));
  }

  has(position: number): boolean {
    return this.positions[this.lowerBound(position)] === position;
  }

  /** The greatest known position strictly below `position`, if any. */
  below(position: number): number | undefined {
    const index = this.lowerBound(position);
    return index > 0 ? this.positions[index - 1] : undefined;
  }

  get size(): number {
    return this.positions.length;
  }

  /** Index of the first element ≥ position. */
  private lowerBound(position: number): number {
    let low = 0;
    let high = this.positions.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.positions[middle] < position) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
