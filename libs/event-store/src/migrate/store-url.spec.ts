import { describe, expect, it } from 'vitest';
import { parseStoreUrl } from './store-url';

describe('store URLs of berth migrate', () => {
  it('reads SQLite files, relative and absolute', () => {
    expect(parseStoreUrl('sqlite:./events.db')).toEqual({ kind: 'sqlite', path: './events.db' });
    expect(parseStoreUrl('sqlite:/var/lib/berth/events.db')).toEqual({
      kind: 'sqlite',
      path: '/var/lib/berth/events.db',
    });
    expect(parseStoreUrl('sqlite:///var/lib/berth/events.db')).toEqual({
      kind: 'sqlite',
      path: '/var/lib/berth/events.db',
    });
    expect(parseStoreUrl('SQLITE:events.db')).toEqual({ kind: 'sqlite', path: 'events.db' });
  });

  it('reads KurrentDB connection strings, bare or after kurrentdb:', () => {
    expect(parseStoreUrl('kurrentdb://localhost:2113?tls=false')).toEqual({
      kind: 'kurrentdb',
      connectionString: 'kurrentdb://localhost:2113?tls=false',
    });
    expect(parseStoreUrl('kurrentdb:kurrentdb+discover://admin:changeit@cluster:2113')).toEqual({
      kind: 'kurrentdb',
      connectionString: 'kurrentdb+discover://admin:changeit@cluster:2113',
    });
    expect(parseStoreUrl('kurrentdb:db.example:2113?tls=false')).toEqual({
      kind: 'kurrentdb',
      connectionString: 'kurrentdb://db.example:2113?tls=false',
    });
    expect(parseStoreUrl('esdb://old:2113')).toEqual({
      kind: 'kurrentdb',
      connectionString: 'esdb://old:2113',
    });
  });

  it('refuses anything else, saying what is expected', () => {
    expect(() => parseStoreUrl('postgres://db/berth')).toThrow(/expected sqlite:<file> or kurrentdb:\/\//);
    expect(() => parseStoreUrl('events.db')).toThrow(/unknown store URL/);
    expect(() => parseStoreUrl('sqlite:')).toThrow(/names no file/);
    expect(() => parseStoreUrl('kurrentdb:')).toThrow(/names no server/);
  });
});
