import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { DomainError, httpStatusOf } from '@berth/domain';
import { HostResourceError } from '@berth/host';
import type { Response } from 'express';
import { sendEmpty, sendJson } from './docker-json';

const HOST_KINDS: Record<string, number> = { invalid_parameter: 400, not_found: 404, conflict: 409, system: 500 };

/** Every error as dockerd answers it: the class's status and `{"message": ...}` (304 has no body). */
@Catch()
export class DockerErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('DockerApi');

  catch(error: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) {
      res.end();
      return;
    }
    if (error instanceof DomainError) {
      const status = httpStatusOf(error.kind);
      if (status === 304) return sendEmpty(res, 304);
      return sendJson(res, status, { message: error.message });
    }
    if (error instanceof HostResourceError) return sendJson(res, HOST_KINDS[error.kind] ?? 500, { message: error.message });
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const body = error.getResponse();
      const message = typeof body === 'object' && body && 'message' in body ? String((body as { message: unknown }).message) : error.message;
      return sendJson(res, status, { message: status === 404 && message.startsWith('Cannot ') ? 'page not found' : message });
    }
    this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    sendJson(res, 500, { message: error instanceof Error ? error.message : String(error) });
  }
}
