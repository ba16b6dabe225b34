import { describe, expect, it } from 'vitest';
import { mapCreateBody } from './create-body.mapper';

describe('mapCreateBody', () => {
  it('maps what the docker CLI sends, ignoring zero-valued settings berth does not have', () => {
    const mapped = mapCreateBody({
      Image: 'busybox:local',
      Cmd: ['sh', '-c', 'exit 3'],
      Env: ['A=1'],
      Labels: { team: 'berth' },
      AttachStdout: true,
      HostConfig: { Binds: ['/tmp:/data:ro'], NetworkMode: 'none', RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 2 }, AutoRemove: false, Privileged: false, PortBindings: {}, Memory: 0 },
    });
    expect(mapped.config).toEqual({ image: 'busybox:local', cmd: ['sh', '-c', 'exit 3'], env: ['A=1'], labels: { team: 'berth' } });
    expect(mapped.hostConfig).toMatchObject({ binds: ['/tmp:/data:ro'], networkMode: 'none', restartPolicy: { name: 'on-failure', maximumRetryCount: 2 }, autoRemove: false });
  });

  it('refuses wrong types and unsupported settings, naming the field', () => {
    expect(() => mapCreateBody({ Image: 'x', Cmd: 'sh' })).toThrow(/Cmd/);
    expect(() => mapCreateBody({ Image: 'x', HostConfig: { RestartPolicy: { MaximumRetryCount: 'two' } } })).toThrow(/HostConfig\.RestartPolicy\.MaximumRetryCount/);
    expect(() => mapCreateBody({ Image: 'x', HostConfig: { Privileged: true } })).toThrow('HostConfig.Privileged is not supported by berth');
    expect(() => mapCreateBody({ Cmd: ['true'] })).toThrow(/Image/);
    expect(() => mapCreateBody([])).toThrow(/JSON object/);
  });
});
