import type { ServerWritableStream } from '@grpc/grpc-js';
import { Logger } from '@nestjs/common';
import { toServiceError } from './grpc-errors';

const logger = new Logger('gRPC');

/** A server stream's writer with back-pressure: `write` resolves when the stream can take more (or the client left). */
export interface StreamWriter<Res> {
  write(message: Res): Promise<void>;
  /** Aborted when the client cancels. */
  readonly signal: AbortSignal;
}

/**
 * An async function as a server-streaming handler: it writes through the writer; when it returns
 * the stream ends (OK), when it throws the stream ends with the error's status.
 */
export function serverStream<Req, Res>(
  name: string,
  fn: (request: Req, writer: StreamWriter<Res>, call: ServerWritableStream<Req, Res>) => Promise<void>,
): (call: ServerWritableStream<Req, Res>) => void {
  return (call) => {
    const controller = new AbortController();
    call.on('cancelled', () => controller.abort());
    const writer: StreamWriter<Res> = {
      signal: controller.signal,
      write: (message) =>
        new Promise<void>((resolve) => {
          if (controller.signal.aborted || call.write(message)) return resolve();
          const done = (): void => {
            call.off('drain', done);
            controller.signal.removeEventListener('abort', done);
            resolve();
          };
          call.once('drain', done);
          controller.signal.addEventListener('abort', done, { once: true });
        }),
    };
    fn(call.request, writer, call).then(
      () => {
        if (!controller.signal.aborted) call.end();
      },
      (error: unknown) => {
        const serviceError = toServiceError(error);
        logger.debug(`${name}: ${serviceError.code} ${serviceError.message}`);
        if (!controller.signal.aborted) call.emit('error', serviceError);
      },
    );
  };
}
