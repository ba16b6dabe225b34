import { describe, expect, it } from 'vitest';
import { LogLineSplitter } from './log-line-splitter';

const text = (buffers: Buffer[]): string[] => buffers.map((b) => b.toString());

describe('LogLineSplitter', () => {
  it('emits each line with its newline, keeping a partial line for the next chunk', () => {
    const splitter = new LogLineSplitter();
    expect(text(splitter.push(Buffer.from('one\ntwo\nthr')))).toEqual(['one\n', 'two\n']);
    expect(text(splitter.push(Buffer.from('ee\n')))).toEqual(['three\n']);
    expect(splitter.flush()).toBeUndefined();
  });

  it('flushes the partial last line at the end', () => {
    const splitter = new LogLineSplitter();
    expect(splitter.push(Buffer.from('no newline'))).toEqual([]);
    expect(splitter.flush()?.toString()).toBe('no newline');
    expect(splitter.flush()).toBeUndefined();
  });

  it('cuts a line longer than the maximum message size into partial messages', () => {
    const splitter = new LogLineSplitter(4);
    expect(text(splitter.push(Buffer.from('abcdefghij\nxy')))).toEqual(['abcd', 'efgh', 'ij\n']);
    expect(text(splitter.push(Buffer.from('zw')))).toEqual(['xyzw']);
  });

  it('keeps empty lines', () => {
    expect(text(new LogLineSplitter().push(Buffer.from('\n\n')))).toEqual(['\n', '\n']);
  });
});
