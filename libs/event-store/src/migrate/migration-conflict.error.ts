/** The target store holds other events where the migration must put the source's. Nothing is overwritten. */
export class MigrationConflictError extends Error {
  override readonly name = 'MigrationConflictError';
  constructor(
    readonly stream: string,
    readonly revision: number,
    detail: string,
  ) {
    super(
      `cannot copy stream ${stream} from revision ${revision}: ${detail} (the target must be empty or hold an earlier run of this migration)`,
    );
  }
}
