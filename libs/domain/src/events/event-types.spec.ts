import { describe, expect, it } from 'vitest';
import {
  CONTAINER_EVENT_TYPES,
  containerEvent,
  containerStream,
  isContainerEvent,
  isContainerEventType,
} from './event-types';

describe('event catalogue', () => {
  it('lists the 17 event types of design.md §3', () => {
    expect(CONTAINER_EVENT_TYPES).toHaveLength(17);
    expect(isContainerEventType('StartRequested')).toBe(true);
    expect(isContainerEventType('ContainerDeleted')).toBe(false);
  });

  it('every event carries its schemaVersion', () => {
    expect(containerEvent('Killed', { signal: 9 })).toEqual({
      type: 'Killed',
      schemaVersion: 1,
      data: { signal: 9 },
    });
  });

  it('recognises stored records', () => {
    expect(isContainerEvent({ type: 'Paused', schemaVersion: 1, data: {} })).toBe(true);
    expect(isContainerEvent({ type: 'Paused', data: {} })).toBe(false);
    expect(isContainerEvent({ type: 'Other', schemaVersion: 1, data: {} })).toBe(false);
    expect(isContainerEvent('Paused')).toBe(false);
  });

  it('streams are container-<id>', () => {
    expect(containerStream('abc')).toBe('container-abc');
  });
});
