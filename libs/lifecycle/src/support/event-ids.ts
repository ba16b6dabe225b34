import { createHash, randomUUID } from 'node:crypto';

/** A fresh random event id, for events caused by a user's command. */
export function newEventId(): string {
  return randomUUID();
}

/**
 * A deterministic event id (UUID v5 layout over SHA-1) derived from the causing event id and a
 * step name: a saga step re-delivered after a crash produces the same id, so the store's
 * idempotent append stores it once.
 */
export function derivedEventId(causationId: string, step: string): string {
  const hash = createHash('sha1').update(`berth:${causationId}:${step}`).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
