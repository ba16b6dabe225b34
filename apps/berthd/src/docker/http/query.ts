import { invalidParameter } from '@berth/domain';

type Query = Record<string, unknown>;

function single(query: Query, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalidParameter(`invalid value for query parameter ${name}: expected a single value`);
  return value;
}

/** Docker's boolean query values: 1/true/True (anything else but ''/0/false/False is refused). */
export function queryBool(query: Query, name: string, fallback = false): boolean {
  const value = single(query, name);
  if (value === undefined || value === '') return fallback;
  if (['1', 'true', 'True', 'TRUE'].includes(value)) return true;
  if (['0', 'false', 'False', 'FALSE'].includes(value)) return false;
  throw invalidParameter(`invalid value for query parameter ${name}: ${JSON.stringify(value)} is not a boolean`);
}

export function queryInt(query: Query, name: string): number | undefined {
  const value = single(query, name);
  if (value === undefined || value === '') return undefined;
  if (!/^-?\d+$/.test(value)) throw invalidParameter(`invalid value for query parameter ${name}: ${JSON.stringify(value)} is not an integer`);
  return Number(value);
}

export function queryString(query: Query, name: string): string | undefined {
  const value = single(query, name);
  return value === '' ? undefined : value;
}

export function queryOneOf<T extends string>(query: Query, name: string, allowed: readonly T[]): T | undefined {
  const value = queryString(query, name);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw invalidParameter(`invalid value for query parameter ${name}: ${JSON.stringify(value)} (expected one of ${allowed.join(', ')})`);
  }
  return value as T;
}

/** Docker's `filters` query: JSON `{"name": {"web": true}}` (or the legacy `{"name": ["web"]}`). */
export function queryFilters(query: Query): Map<string, string[]> {
  const raw = queryString(query, 'filters');
  const filters = new Map<string, string[]>();
  if (raw === undefined) return filters;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw invalidParameter(`invalid filters: ${JSON.stringify(raw)} is not JSON`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalidParameter('invalid filters: expected a JSON object');
  for (const [key, value] of Object.entries(parsed)) {
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) filters.set(key, value as string[]);
    else if (typeof value === 'object' && value !== null) filters.set(key, Object.keys(value));
    else throw invalidParameter(`invalid filters: the value of ${JSON.stringify(key)} must be a set`);
  }
  return filters;
}
