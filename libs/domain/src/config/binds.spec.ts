import { describe, expect, it } from 'vitest';
import { parseBind } from './binds';

describe('parseBind (-v specs)', () => {
  it('host path, destination, mode', () => {
    expect(parseBind('/srv/data:/data:ro,rshared')).toEqual({
      type: 'bind',
      source: '/srv/data',
      destination: '/data',
      mode: 'ro,rshared',
      readOnly: true,
      propagation: 'rshared',
    });
  });

  it('a named volume and an anonymous one', () => {
    expect(parseBind('cache:/cache')).toMatchObject({
      type: 'volume',
      source: 'cache',
      destination: '/cache',
      readOnly: false,
    });
    expect(parseBind('/scratch')).toMatchObject({ type: 'volume', source: '', destination: '/scratch' });
  });

  it('refuses what dockerd refuses', () => {
    expect(() => parseBind('/a:/b:ro:x')).toThrow("invalid volume specification: '/a:/b:ro:x'");
    expect(() => parseBind(':/b')).toThrow("invalid volume specification: ':/b'");
    expect(() => parseBind('/data:ro')).toThrow("invalid volume specification: '/data:ro'");
    expect(() => parseBind('/a:/b:ro,rw')).toThrow('invalid mode: ro,rw');
    expect(() => parseBind('/a:b')).toThrow(
      `invalid mount config for type "bind": invalid mount path: 'b' mount path must be absolute`,
    );
    expect(() => parseBind('/a:/')).toThrow(
      `invalid mount config for type "bind": invalid specification: destination can't be '/'`,
    );
    expect(() => parseBind('my vol:/b')).toThrow(
      '"my vol" includes invalid characters for a local volume name',
    );
  });
});
