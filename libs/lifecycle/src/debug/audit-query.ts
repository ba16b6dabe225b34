import type { EventStore, RecordedEvent } from '@berth/event-store';
import { AUDIT_EVENT, AUDIT_STREAM, type AuditOutcome, type CommandAudited } from '../audit/audit-log';

export interface AuditFilter {
  readonly actor?: string;
  readonly outcome?: AuditOutcome;
  /** Container ids to keep (a recorded container is the id, or the reference when it did not resolve). */
  readonly containers?: readonly string[];
  readonly command?: string;
  /** RFC 3339: records from then on. */
  readonly since?: string;
  /** The newest matching records, at most this many (default 1000). */
  readonly limit?: number;
}

export interface AuditEntry extends CommandAudited {
  readonly auditPosition: number;
  readonly recordedAt: string;
}

const PAGE = 1000;

function matches(record: CommandAudited, filter: AuditFilter): boolean {
  return (
    (!filter.actor || record.actor === filter.actor) &&
    (!filter.outcome || record.outcome === filter.outcome) &&
    (!filter.command || record.command === filter.command) &&
    (!filter.containers || filter.containers.includes(record.container))
  );
}

/** The command audit stream, newest `limit` records matching the filter, oldest first. */
export async function queryAudit(store: EventStore, filter: AuditFilter = {}): Promise<AuditEntry[]> {
  const limit = filter.limit ?? 1000;
  const since = filter.since ? Date.parse(filter.since) : undefined;
  if (since !== undefined && !Number.isFinite(since))
    throw new Error(`invalid time ${JSON.stringify(filter.since)} (RFC 3339 expected)`);
  const found: AuditEntry[] = [];
  let from: number | 'end' = 'end';
  for (;;) {
    const page: RecordedEvent[] = await store.readStream(AUDIT_STREAM, {
      from,
      direction: 'backwards',
      maxCount: PAGE,
    });
    for (const event of page) {
      if (since !== undefined && Date.parse(event.recordedAt) < since) return found.reverse();
      if (event.type !== AUDIT_EVENT) continue;
      const record = event.data as CommandAudited;
      if (matches(record, filter))
        found.push({ ...record, auditPosition: event.position, recordedAt: event.recordedAt });
      if (found.length >= limit) return found.reverse();
    }
    const last = page.at(-1);
    if (!last || last.revision === 0) return found.reverse();
    from = last.revision - 1;
  }
}
