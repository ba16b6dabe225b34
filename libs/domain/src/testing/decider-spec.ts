/**
 * given(events).when(command).then(events | error): the decider's given/when/then, for specs.
 * Test-only (imports vitest); not exported from the package index.
 */
import { expect } from 'vitest';
import type { ContainerCommand, DecideContext } from '../commands/container-command';
import { decide } from '../decide';
import { DomainError, type DomainErrorKind } from '../errors/domain-error';
import type { ContainerEvent } from '../events/container-events';
import { evolveAll } from '../evolve';
import type { ContainerState } from '../state/container-state';

export const LINUX_DAEMON: DecideContext = { experimental: false, platform: 'linux' };

export interface ExpectedError {
  readonly kind: DomainErrorKind;
  readonly message: string;
}

const isExpectedEvents = (
  value: readonly ContainerEvent[] | ExpectedError | DomainError,
): value is readonly ContainerEvent[] => Array.isArray(value);

export const given = (events: readonly ContainerEvent[], context: DecideContext = LINUX_DAEMON) => {
  const state = evolveAll(events);
  return {
    state,
    when(command: ContainerCommand) {
      const run = (): ContainerEvent[] => decide(command, state, context);
      return {
        /** Expect exactly these events, or this error (kind and message). */
        then(expected: readonly ContainerEvent[] | ExpectedError | DomainError): ContainerState {
          if (isExpectedEvents(expected)) {
            const decided = run();
            expect(decided).toEqual(expected);
            return evolveAll(decided, state);
          }
          let thrown: unknown;
          try {
            run();
          } catch (error) {
            thrown = error;
          }
          expect(thrown, 'expected the command to be refused').toBeInstanceOf(DomainError);
          const error = thrown as DomainError;
          expect({ kind: error.kind, message: error.message }).toEqual({
            kind: expected.kind,
            message: expected.message,
          });
          return state;
        },
        /** The events decided, for assertions on part of them. */
        events: run,
      };
    },
  };
};
