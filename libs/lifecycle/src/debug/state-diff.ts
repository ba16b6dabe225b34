/** One changed value: a dotted path and the JSON-able values before and after (undefined: absent). */
export interface StateChange {
  readonly path: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The differences between two states, as the leaves that changed (objects are walked, arrays and
 * scalars compared whole). Keys in the order of `after`, then keys only `before` had. evolve keeps
 * unchanged parts by reference, so equal branches are skipped without being compared.
 */
export function diffStates(before: unknown, after: unknown, path = ''): StateChange[] {
  if (before === after) return [];
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...Object.keys(after), ...Object.keys(before).filter((k) => !(k in after))];
    return keys.flatMap((key) => diffStates(before[key], after[key], path ? `${path}.${key}` : key));
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [{ path: path || '.', before, after }];
}
