/**
 * An appended event's id is already stored, and not as a repeat of this same append (another
 * stream, another place, or twice in one batch). Event ids are unique in a SQLite store.
 */
export class DuplicateEventIdError extends Error {
  override readonly name = 'DuplicateEventIdError';
  constructor(
    readonly eventId: string,
    readonly stream: string,
    /** Where the id is stored already, when it is. */
    readonly storedAt?: { readonly stream: string; readonly revision: number },
  ) {
    super(
      storedAt === undefined
        ? `event id ${eventId} appears twice in one append to stream ${stream}`
        : `event id ${eventId} appended to stream ${stream} is already stored in stream ${storedAt.stream} at revision ${storedAt.revision}`,
    );
  }
}
