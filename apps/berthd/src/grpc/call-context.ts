import type { Metadata, ServerUnaryCall } from '@grpc/grpc-js';
import type { CommandContext } from '@berth/lifecycle';
import { RequestError } from './grpc-errors';

/** What berth reads from a call to know who sent it. */
export interface CallIdentity {
  readonly metadata: Metadata;
  getAuthContext(): ReturnType<ServerUnaryCall<unknown, unknown>['getAuthContext']>;
}

const DECLARED = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;
const COMMAND_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/**
 * The actor of a call: the common name of the client certificate under mutual TLS (verified),
 * else what the client declares in the `x-berth-actor` header (not verified: loopback clients
 * are trusted), else "anonymous".
 */
export function actorOf(call: CallIdentity): string {
  const subject = call.getAuthContext().sslPeerCertificate?.subject;
  const cn = subject?.CN;
  if (typeof cn === 'string' && cn !== '') return cn;
  const declared = call.metadata.get('x-berth-actor')[0];
  if (typeof declared === 'string' && DECLARED.test(declared)) return declared;
  return 'anonymous';
}

/** The command context of a gRPC command (source "grpc"); checks the command id's form. */
export function commandContextOf(call: CallIdentity, commandId: string): CommandContext {
  if (commandId !== '' && !COMMAND_ID.test(commandId)) {
    throw new RequestError(`command_id "${commandId}" must be 1-128 characters of [A-Za-z0-9._:-]`);
  }
  return { actor: actorOf(call), source: 'grpc', ...(commandId ? { commandId } : {}) };
}
