import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { containerdServices } from './grpc-services';
import { protoRoot } from './proto-root';

describe('protoRoot', () => {
  const repo = mkdtempSync(join(tmpdir(), 'berth-proto-'));
  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  it('from source, finds proto/ beside the module', () => {
    expect(protoRoot()).toBe(join(__dirname, 'proto'));
  });

  it('from dist (tsc emits no .proto), finds the sources by walking up to the package root', () => {
    writeFileSync(join(repo, 'package.json'), '{}');
    const protos = join(repo, 'libs', 'runtime', 'src', 'containerd', 'proto');
    mkdirSync(join(protos, 'containerd'), { recursive: true });
    const emitted = join(repo, 'dist', 'libs', 'runtime', 'src', 'containerd');
    mkdirSync(emitted, { recursive: true });
    expect(protoRoot(emitted)).toBe(protos);
  });

  it('without protos anywhere above, fails clearly', () => {
    expect(() => protoRoot(tmpdir())).toThrow(/\.proto files not found/);
  });

  it('loads every service the client uses', () => {
    const services = containerdServices();
    expect(Object.keys(services).sort()).toEqual(['Containers', 'Events', 'Namespaces', 'Tasks', 'Version']);
    expect(Object.keys(services.Tasks.prototype)).toEqual(
      expect.arrayContaining(['Create', 'Start', 'Delete', 'Get', 'List', 'Kill', 'Pause', 'Resume', 'Wait']),
    );
  });
});
