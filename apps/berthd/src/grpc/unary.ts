import type { handleUnaryCall, ServerUnaryCall } from '@grpc/grpc-js';
import { Logger } from '@nestjs/common';
import { toServiceError } from './grpc-errors';

const logger = new Logger('gRPC');

/** An async function as a unary handler: its result is the reply, its error the status (toServiceError). */
export function unary<Req, Res>(
  name: string,
  fn: (request: Req, call: ServerUnaryCall<Req, Res>) => Promise<Res>,
): handleUnaryCall<Req, Res> {
  return (call, callback) => {
    fn(call.request, call).then(
      (reply) => callback(null, reply),
      (error: unknown) => {
        const serviceError = toServiceError(error);
        logger.debug(`${name}: ${serviceError.code} ${serviceError.message}`);
        callback(serviceError);
      },
    );
  };
}
