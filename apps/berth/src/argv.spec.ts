import { describe, expect, it } from 'vitest';
import { endOptionsAfterImage } from './argv';
import { createProgram } from './program';

describe('create: options end at the image', () => {
  const program = createProgram();
  const split = (argv: string[]) => endOptionsAfterImage(argv, program);

  it('puts -- after the image so the command keeps its own flags', () => {
    expect(split(['create', '--name', 'x', 'host', '/bin/sh', '-c', 'exit 1'])).toEqual([
      'create',
      '--name',
      'x',
      'host',
      '--',
      '/bin/sh',
      '-c',
      'exit 1',
    ]);
    expect(
      split(['--host', '127.0.0.1:1', '--json', 'create', '-e', 'A=1', '--rm', 'img', 'ls', '-l']),
    ).toEqual(['--host', '127.0.0.1:1', '--json', 'create', '-e', 'A=1', '--rm', 'img', '--', 'ls', '-l']);
    expect(split(['create', '--restart=on-failure:2', 'img', 'x'])).toEqual([
      'create',
      '--restart=on-failure:2',
      'img',
      '--',
      'x',
    ]);
  });

  it('leaves other commands, an image alone, and an explicit -- as they are', () => {
    expect(split(['create', 'img'])).toEqual(['create', 'img']);
    expect(split(['create', 'img', '--', 'sh', '-c', 'x'])).toEqual(['create', 'img', '--', 'sh', '-c', 'x']);
    expect(split(['start', 'a', '-c', 'b'])).toEqual(['start', 'a', '-c', 'b']);
    expect(split(['events', '-c', 'create'])).toEqual(['events', '-c', 'create']);
  });
});
