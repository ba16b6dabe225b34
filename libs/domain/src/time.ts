/** Timestamps are RFC 3339 strings given in command data; the domain only compares and adds. */
import { invalidParameter } from './errors/domain-error';

export const parseTimestamp = (field: string, value: string): number => {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw invalidParameter(`${field} is not an RFC 3339 timestamp: "${value}"`);
  return ms;
};

export const addMilliseconds = (field: string, value: string, ms: number): string =>
  new Date(parseTimestamp(field, value) + ms).toISOString();
