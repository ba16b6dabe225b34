import { join } from 'node:path';
import { Root } from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { anyTypeName, decodeTaskExit, decodeTaskOom, ociSpecAny, runcOptionsAny } from './any-codec';
import { protoRoot } from './proto-root';

function loadType(file: string, name: string) {
  const root = new Root();
  root.resolvePath = (_origin, target) => join(protoRoot(), target);
  root.loadSync(file, { keepCase: true });
  return root.lookupType(name);
}

describe('Any payloads', () => {
  it('given a TaskExit as containerd packs it, then it decodes with snake_case fields', () => {
    const type = loadType('containerd/events/task.proto', 'containerd.events.TaskExit');
    const value = type
      .encode(type.fromObject({ container_id: 'c1', id: 'c1', pid: 42, exit_status: 137, exited_at: { seconds: 1700000000, nanos: 5 } }))
      .finish();
    expect(decodeTaskExit({ type_url: 'containerd.events.TaskExit', value })).toEqual({
      container_id: 'c1',
      id: 'c1',
      pid: 42,
      exit_status: 137,
      exited_at: { seconds: '1700000000', nanos: 5 },
    });
  });

  it('given a TaskOOM, then its container id decodes', () => {
    const type = loadType('containerd/events/task.proto', 'containerd.events.TaskOOM');
    const value = type.encode(type.fromObject({ container_id: 'c2' })).finish();
    expect(decodeTaskOom({ type_url: 'containerd.events.TaskOOM', value })).toEqual({ container_id: 'c2' });
  });

  it('given runc options, then the snake_case fields survive encoding', () => {
    const any = runcOptionsAny({ root: '/data/runc', binary_name: 'runc' });
    expect(any.type_url).toBe('containerd.runc.v1.Options');
    const type = loadType('containerd/runc/v1/options.proto', 'containerd.runc.v1.Options');
    expect(type.toObject(type.decode(any.value))).toEqual({ root: '/data/runc', binary_name: 'runc' });
  });

  it('given an OCI spec, then it is JSON bytes under the runtime-spec type url', () => {
    const any = ociSpecAny({ ociVersion: '1.0.2-dev' });
    expect(any).toEqual({
      type_url: 'types.containerd.io/opencontainers/runtime-spec/1/Spec',
      value: Buffer.from('{"ociVersion":"1.0.2-dev"}'),
    });
  });

  it('reads the message name from bare and prefixed type urls', () => {
    expect(anyTypeName('containerd.events.TaskExit')).toBe('containerd.events.TaskExit');
    expect(anyTypeName('types.googleapis.com/containerd.events.TaskExit')).toBe('containerd.events.TaskExit');
  });
});
