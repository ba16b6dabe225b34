import { randomUUID } from 'node:crypto';
import type { EventMetadata, EventStore, NewEvent, RecordedEvent, Subscription } from '../event-store.port';

/** What each part of the contract suite gets: the store under test and unique names. */
export interface ContractContext {
  store(): EventStore;
  /** A stream name no other test (or earlier run against a reused store) uses. */
  stream(label: string): string;
  /** A stream-name prefix no other test uses; streams built on it are `${prefix}${n}`. */
  prefix(label: string): string;
}

export function contractContext(getStore: () => EventStore): ContractContext {
  const run = randomUUID().slice(0, 8);
  let counter = 0;
  return {
    store: getStore,
    stream: (label) => `contract-${run}-${label}-${(counter += 1)}`,
    prefix: (label) => `contract-${run}-${label}-${(counter += 1)}-`,
  };
}

export function newEvent(type = 'Tested', data: unknown = { n: 0 }, metadata?: EventMetadata): NewEvent {
  return { id: randomUUID(), type, schemaVersion: 1, data, metadata };
}

export function newEvents(count: number, type = 'Tested'): NewEvent[] {
  return Array.from({ length: count }, (_, n) => newEvent(type, { n }));
}

export function ids(events: readonly { readonly id: string }[]): string[] {
  return events.map((event) => event.id);
}

/** How an append ended, so concurrent appends can be awaited together with Promise.all. */
export function settle<T>(
  promise: Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  return promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

/**
 * Takes events from a subscription until `done(received)` says so, keeping those `keep` accepts
 * (events of other tests in a shared store are skipped). Fails if nothing arrives for `idleMs`.
 */
export async function collect(
  subscription: Subscription,
  keep: (event: RecordedEvent) => boolean,
  done: (received: readonly RecordedEvent[]) => boolean,
  idleMs = 10_000,
): Promise<RecordedEvent[]> {
  const iterator = subscription[Symbol.asyncIterator]();
  const received: RecordedEvent[] = [];
  while (!done(received)) {
    const next = await withTimeout(
      iterator.next(),
      idleMs,
      () => `subscription stalled after ${received.length} events`,
    );
    if (next.done === true) throw new Error(`subscription ended after ${received.length} events`);
    if (keep(next.value)) received.push(next.value);
  }
  return received;
}

export async function withTimeout<T>(promise: Promise<T>, ms: number, what: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what()}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function isStrictlyIncreasing(values: readonly number[]): boolean {
  return values.every((value, index) => index === 0 || value > values[index - 1]);
}
