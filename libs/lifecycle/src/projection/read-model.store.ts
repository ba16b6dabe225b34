import Database from 'better-sqlite3';
import { EventEmitter } from 'node:events';

/** One row of the container read model: the state evolved from the container's stream. */
export interface ReadModelRow<TState> {
  readonly id: string;
  readonly name: string;
  readonly state: TState;
  readonly position: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS containers (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  state TEXT NOT NULL,
  position INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS containers_name ON containers(name);
CREATE TABLE IF NOT EXISTS checkpoints (name TEXT PRIMARY KEY, position INTEGER NOT NULL);
`;

/**
 * The container read model in SQLite (what inspect and ps read). Each update and the
 * projection's checkpoint are written in one transaction, so a crash never applies an event
 * twice nor skips one.
 */
export class ReadModelStore<TState> {
  private readonly db: Database.Database;
  private readonly changed = new EventEmitter();
  private readonly stmts;

  constructor(
    readonly path: string,
    private readonly checkpointName = 'containers',
  ) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(SCHEMA);
    this.changed.setMaxListeners(0);
    this.stmts = {
      get: this.db.prepare<[string], { id: string; name: string; state: string; position: number }>(
        'SELECT id, name, state, position FROM containers WHERE id = ?',
      ),
      upsert: this.db.prepare(
        'INSERT INTO containers (id, name, state, position) VALUES (@id, @name, @state, @position) ON CONFLICT(id) DO UPDATE SET name = excluded.name, state = excluded.state, position = excluded.position',
      ),
      remove: this.db.prepare('DELETE FROM containers WHERE id = ?'),
      all: this.db.prepare<[], { id: string; name: string; state: string; position: number }>(
        'SELECT id, name, state, position FROM containers ORDER BY rowid',
      ),
      byName: this.db.prepare<[string], { id: string }>('SELECT id FROM containers WHERE name = ?'),
      byPrefix: this.db.prepare<[string, string], { id: string }>(
        "SELECT id FROM containers WHERE id >= ? AND id < ? || 'g' LIMIT 2",
      ),
      checkpoint: this.db.prepare<[string], { position: number }>(
        'SELECT position FROM checkpoints WHERE name = ?',
      ),
      saveCheckpoint: this.db.prepare(
        'INSERT INTO checkpoints (name, position) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET position = excluded.position',
      ),
      clear: this.db.prepare('DELETE FROM containers'),
    };
  }

  get(id: string): ReadModelRow<TState> | undefined {
    const row = this.stmts.get.get(id);
    return row && { ...row, state: JSON.parse(row.state) as TState };
  }

  list(): ReadModelRow<TState>[] {
    return this.stmts.all.all().map((row) => ({ ...row, state: JSON.parse(row.state) as TState }));
  }

  idByName(name: string): string | undefined {
    return this.stmts.byName.get(name)?.id;
  }

  /** Up to two ids starting with the prefix (two means ambiguous). */
  idsWithPrefix(prefix: string): string[] {
    return this.stmts.byPrefix.all(prefix, prefix).map((r) => r.id);
  }

  checkpoint(): number {
    return this.stmts.checkpoint.get(this.checkpointName)?.position ?? 0;
  }

  /** Applies one event's outcome and advances the checkpoint, atomically. `undefined` removes the row. */
  apply(position: number, id: string, next: { name: string; state: TState } | undefined): void {
    this.db.transaction(() => {
      if (next) this.stmts.upsert.run({ id, name: next.name, state: JSON.stringify(next.state), position });
      else this.stmts.remove.run(id);
      this.stmts.saveCheckpoint.run(this.checkpointName, position);
    })();
    this.changed.emit('position', position);
  }

  /** Advances the checkpoint over events that do not change the model. */
  skip(position: number): void {
    this.stmts.saveCheckpoint.run(this.checkpointName, position);
    this.changed.emit('position', position);
  }

  /** Runs fn inside one transaction (rebuild uses it to write batches). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /** Empties the model and its checkpoint (the start of a rebuild). */
  clear(): void {
    this.db.transaction(() => {
      this.stmts.clear.run();
      this.stmts.saveCheckpoint.run(this.checkpointName, 0);
    })();
  }

  /** Resolves once the model has applied the given position (read-your-writes), or rejects after timeoutMs. */
  waitFor(position: number, timeoutMs: number): Promise<void> {
    if (this.checkpoint() >= position) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onPosition = (p: number): void => {
        if (p >= position) done();
      };
      const timer = setTimeout(() => {
        this.changed.off('position', onPosition);
        reject(new Error(`read model did not reach position ${position} within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        this.changed.off('position', onPosition);
        resolve();
      };
      this.changed.on('position', onPosition);
    });
  }

  close(): void {
    this.db.close();
  }
}
