import type Database from 'better-sqlite3';
import { EVENT_COLUMNS, type EventRow } from './schema';
import { filterSql, type FilterSql } from './filter-sql';
import type { EventFilter } from '../event-store.port';

/** Every statement the store runs, prepared once per connection. Reads return raw rows (arrays). */
export class Statements {
  readonly streamHead: Database.Statement<[string], number>;
  readonly insert: Database.Statement<[string, string, number, string, number, string, string, string]>;
  readonly eventById: Database.Statement<[string], [stream: string, revision: number, position: number]>;
  readonly idsFrom: Database.Statement<
    [string, number, number],
    [id: string, revision: number, position: number]
  >;
  readonly streamForwards: Database.Statement<[string, number, number], EventRow>;
  readonly streamBackwards: Database.Statement<[string, number, number], EventRow>;
  readonly headPosition: Database.Statement<[], number | null>;
  readonly checkpoint: Database.Statement<[string], number>;
  readonly storeCheckpoint: Database.Statement<[string, number, string]>;
  private readonly readAllByShape = new Map<string, Database.Statement<unknown[], EventRow>>();

  constructor(private readonly db: Database.Database) {
    this.streamHead = db
      .prepare<[string], number>(
        'SELECT revision FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1',
      )
      .pluck();
    this.insert = db.prepare(
      'INSERT INTO events (id, stream, revision, type, schema_version, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.eventById = db
      .prepare<[string], [string, number, number]>(
        'SELECT stream, revision, position FROM events WHERE id = ?',
      )
      .raw();
    this.idsFrom = db
      .prepare<[string, number, number], [string, number, number]>(
        'SELECT id, revision, position FROM events WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ?',
      )
      .raw();
    this.streamForwards = db
      .prepare<[string, number, number], EventRow>(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ?`,
      )
      .raw();
    this.streamBackwards = db
      .prepare<[string, number, number], EventRow>(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE stream = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`,
      )
      .raw();
    this.headPosition = db.prepare<[], number | null>('SELECT max(position) FROM events').pluck();
    this.checkpoint = db.prepare<[string], number>('SELECT position FROM checkpoints WHERE name = ?').pluck();
    this.storeCheckpoint = db.prepare(
      'INSERT INTO checkpoints (name, position, updated_at) VALUES (?, ?, ?) ' +
        'ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at',
    );
  }

  /** Events strictly after a position, matching a filter: `all(after, ...filter.params, limit)`. */
  readAll(filter: EventFilter | undefined): {
    statement: Database.Statement<unknown[], EventRow>;
    sql: FilterSql;
  } {
    const sql = filterSql(filter);
    let statement = this.readAllByShape.get(sql.key);
    if (statement === undefined) {
      statement = this.db
        .prepare<unknown[], EventRow>(
          `SELECT ${EVENT_COLUMNS} FROM events WHERE position > ?${sql.where} ORDER BY position LIMIT ?`,
        )
        .raw();
      this.readAllByShape.set(sql.key, statement);
    }
    return { statement, sql };
  }
}
