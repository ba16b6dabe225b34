import type { EventFilter } from '../event-store.port';

/** A WHERE fragment for a filter and its parameters; an empty or missing list does not filter. */
export interface FilterSql {
  /** Identifies the statement shape, for caching prepared statements. */
  readonly key: string;
  readonly where: string;
  readonly params: readonly string[];
}

export function filterSql(filter: EventFilter | undefined): FilterSql {
  const prefixes = filter?.streamPrefixes ?? [];
  const types = filter?.eventTypes ?? [];
  let where = '';
  if (prefixes.length > 0) {
    // instr(...) = 1 is "starts with", without LIKE's wildcards and case folding.
    where += ` AND (${prefixes.map(() => 'instr(stream, ?) = 1').join(' OR ')})`;
  }
  if (types.length > 0) where += ` AND type IN (${types.map(() => '?').join(', ')})`;
  return { key: `${prefixes.length}:${types.length}`, where, params: [...prefixes, ...types] };
}
