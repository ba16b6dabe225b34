/** One changed value: a dotted path and the JSON-able values before and after (undefined: absent). */
export interface StateChange {
  readonly path: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const same = (a: unknown, b: unknown): boolean => a === b || JSON.stringify(a) === JSON.stringify(b);

/**
 * The differences between two states, as the leaves that changed (objects are walked, arrays and
 * scalars compared whole). Keys in the order of `after`, then keys only `before` had.
 */
export function diffStates(before: unknown, after: unknown, path = ''): StateChange[] {
  if (same(before, after)) return [];
  if (!isPlainObject(before) || !isPlainObject(after)) return [{ path: path || '.', before, after }];
  const keys = [...Object.keys(after), ...Object.keys(before).filter((k) => !(k in after))];
  return keys.flatMap((key) => diffStates(before[key], after[key], path ? `${path}.${key}` : key));
}
