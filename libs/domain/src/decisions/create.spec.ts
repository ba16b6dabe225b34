import { describe, expect, it } from 'vitest';
import type { CreateContainer } from '../commands/user-commands';
import { DEFAULT_SHM_SIZE } from '../config/host-config';
import { containerEvent } from '../events/event-types';
import { CREATED_AT, created, hostConfig, ID } from '../testing/fixtures';
import { given } from '../testing/decider-spec';

const create = (data: Partial<CreateContainer['data']> = {}): CreateContainer => ({
  type: 'CreateContainer',
  data: {
    id: ID,
    name: 'web',
    config: { image: 'busybox:local', cmd: ['sh', '-c', 'exit 3'], env: ['PATH=/bin'] },
    hostConfig: {},
    createdAt: CREATED_AT,
    ...data,
  },
});

describe('CreateContainer', () => {
  it('→ ContainerCreated with the name as stored ("/web"), path/args derived and host config defaults filled', () => {
    const state = given([]).when(create()).then([created()]);
    expect(state).toMatchObject({ exists: true, id: ID, name: '/web', created: CREATED_AT });
    expect(state.hostConfig).toMatchObject({
      networkMode: 'default',
      shmSize: DEFAULT_SHM_SIZE,
      logConfig: { type: 'json-file', config: {} },
    });
    expect(state.State).toEqual({
      Status: 'created',
      Running: false,
      Paused: false,
      Restarting: false,
      OOMKilled: false,
      Dead: false,
      Pid: 0,
      ExitCode: 0,
      Error: '',
      StartedAt: '0001-01-01T00:00:00Z',
      FinishedAt: '0001-01-01T00:00:00Z',
    });
  });

  it('the entrypoint comes first in path and args', () => {
    const [event] = given([])
      .when(create({ config: { image: 'busybox:local', entrypoint: ['/bin/sh', '-c'], cmd: ['echo hi'] } }))
      .events();
    expect(event).toMatchObject({ data: { config: { path: '/bin/sh', args: ['-c', 'echo hi'] } } });
  });

  it('an id that is not 64 lowercase hex → invalid parameter', () => {
    given([])
      .when(create({ id: 'ABC' }))
      .then({
        kind: 'invalid_parameter',
        message: 'invalid container ID "ABC": expected 64 lowercase hexadecimal characters',
      });
  });

  it("a name outside Docker's pattern → Docker's message", () => {
    given([])
      .when(create({ name: 'my web' }))
      .then({
        kind: 'invalid_parameter',
        message: 'Invalid container name (my web), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed',
      });
  });

  it('no command → "No command specified"', () => {
    given([])
      .when(create({ config: { image: 'busybox:local' } }))
      .then({ kind: 'invalid_parameter', message: 'No command specified' });
  });

  it('a relative working directory and an empty env name are refused', () => {
    given([])
      .when(create({ config: { image: 'x', cmd: ['true'], workingDir: 'tmp' } }))
      .then({
        kind: 'invalid_parameter',
        message: "the working directory 'tmp' is invalid, it needs to be an absolute path",
      });
    given([])
      .when(create({ config: { image: 'x', cmd: ['true'], env: ['=x'] } }))
      .then({
        kind: 'invalid_parameter',
        message: 'invalid environment variable: =x',
      });
  });

  it('the host config is verified as on start (e.g. AutoRemove with a restart policy)', () => {
    given([])
      .when(create({ hostConfig: { autoRemove: true, restartPolicy: { name: 'always' } } }))
      .then({
        kind: 'invalid_parameter',
        message: "can't create 'AutoRemove' container with restart policy",
      });
  });

  it('the same create delivered again decides nothing; another create on the stream is a conflict', () => {
    given([created()]).when(create()).then([]);
    given([created()])
      .when(create({ name: 'other' }))
      .then({ kind: 'conflict', message: `container ${ID} already exists` });
  });

  it('host network mode leaves the hostname to the host', () => {
    const [event] = given([])
      .when(create({ hostConfig: { networkMode: 'host' } }))
      .events();
    expect(event).toEqual(
      containerEvent('ContainerCreated', {
        id: ID,
        name: '/web',
        config: { ...created().data.config, hostname: '' },
        hostConfig: hostConfig({ networkMode: 'host' }),
        createdAt: CREATED_AT,
      }),
    );
  });
});
