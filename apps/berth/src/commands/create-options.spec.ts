import { describe, expect, it } from 'vitest';
import { createRequest, parseBytes, parseRestart } from './create-options';

describe('berth create options', () => {
  it('reads restart policies and sizes as docker does', () => {
    expect(parseRestart('on-failure:2')).toEqual({ name: 'on-failure', maximumRetryCount: 2 });
    expect(parseRestart('always')).toEqual({ name: 'always', maximumRetryCount: 0 });
    expect(() => parseRestart('always:3')).toThrow('invalid restart policy "always:3"');
    expect(() => parseRestart('sometimes')).toThrow('invalid restart policy');
    expect([parseBytes('64m'), parseBytes('1g'), parseBytes('512')]).toEqual([
      64 * 1024 ** 2,
      1024 ** 3,
      512,
    ]);
    expect(() => parseBytes('lots')).toThrow('invalid size "lots"');
  });

  it('builds the CreateContainer request, leaving unset what was not given', () => {
    const request = createRequest('host', ['/bin/sh', '-c', 'exit 1'], {
      name: 'flaky',
      rm: true,
      restart: 'on-failure:2',
      env: ['A=1'],
      label: ['team=core'],
      volume: [],
      tmpfs: ['/run:size=64m', '/scratch'],
      securityOpt: [],
      dns: [],
      commandId: 'c-1',
    });
    expect(request).toMatchObject({
      name: 'flaky',
      commandId: 'c-1',
      config: {
        image: 'host',
        cmd: ['/bin/sh', '-c', 'exit 1'],
        entrypoint: [],
        env: ['A=1'],
        labels: { team: 'core' },
      },
      hostConfig: {
        autoRemove: true,
        restartPolicy: { name: 'on-failure', maximumRetryCount: 2 },
        tmpfs: { '/run': 'size=64m', '/scratch': '' },
      },
    });
    expect(request.hostConfig).not.toHaveProperty('shmSize');
    expect(() =>
      createRequest('x', [], {
        env: [],
        label: ['novalue'],
        volume: [],
        tmpfs: [],
        securityOpt: [],
        dns: [],
      }),
    ).toThrow('invalid label "novalue"');
  });
});
