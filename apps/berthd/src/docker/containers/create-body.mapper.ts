import { type ContainerConfigInput, type HostConfigInput, invalidParameter } from '@berth/domain';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { CreateContainerBody } from './create-body.dto';
import { rejectUnsupported } from './unsupported-settings';

function firstError(errors: readonly ValidationError[], path = ''): string | undefined {
  for (const error of errors) {
    const here = path ? `${path}.${error.property}` : error.property;
    const constraint = error.constraints && Object.values(error.constraints)[0];
    if (constraint) return `invalid ${here}: ${constraint.replace(/^\S+ /, '')}`;
    const nested = firstError(error.children ?? [], here);
    if (nested) return nested;
  }
  return undefined;
}

/** Docker's create body → the domain's inputs. Wrong types → InvalidParameter naming the field. */
export function mapCreateBody(raw: unknown): { config: ContainerConfigInput; hostConfig: HostConfigInput } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw invalidParameter('the request body must be a JSON object');
  const body = plainToInstance(CreateContainerBody, raw, { enableImplicitConversion: false });
  const message = firstError(validateSync(body, { forbidUnknownValues: false }));
  if (message) throw invalidParameter(message);
  rejectUnsupported(raw as Record<string, unknown>);
  const h = body.HostConfig ?? {};
  return {
    config: {
      image: body.Image,
      ...(body.Cmd ? { cmd: body.Cmd } : {}),
      ...(body.Entrypoint ? { entrypoint: body.Entrypoint } : {}),
      ...(body.Env ? { env: body.Env } : {}),
      ...(body.WorkingDir ? { workingDir: body.WorkingDir } : {}),
      ...(body.User ? { user: body.User } : {}),
      ...(body.Hostname ? { hostname: body.Hostname } : {}),
      ...(body.Labels ? { labels: body.Labels } : {}),
      ...(body.Tty !== undefined ? { tty: body.Tty } : {}),
    },
    hostConfig: {
      ...(h.Binds ? { binds: h.Binds } : {}),
      ...(h.Mounts ? { mounts: h.Mounts.map((m) => ({ type: m.Type, source: m.Source, target: m.Target, readOnly: m.ReadOnly })) } : {}),
      ...(h.NetworkMode ? { networkMode: h.NetworkMode } : {}),
      ...(h.RestartPolicy ? { restartPolicy: { name: h.RestartPolicy.Name || 'no', maximumRetryCount: h.RestartPolicy.MaximumRetryCount ?? 0 } } : {}),
      ...(h.AutoRemove !== undefined ? { autoRemove: h.AutoRemove } : {}),
      ...(h.ShmSize !== undefined ? { shmSize: h.ShmSize } : {}),
      ...(h.Tmpfs ? { tmpfs: h.Tmpfs } : {}),
      ...(h.ReadonlyRootfs !== undefined ? { readonlyRootfs: h.ReadonlyRootfs } : {}),
      ...(h.SecurityOpt ? { securityOpt: h.SecurityOpt } : {}),
      ...(h.LogConfig ? { logConfig: { type: h.LogConfig.Type || undefined, config: h.LogConfig.Config ?? undefined } } : {}),
      ...(h.Dns ? { dns: h.Dns } : {}),
      ...(h.DnsOptions ? { dnsOptions: h.DnsOptions } : {}),
      ...(h.DnsSearch ? { dnsSearch: h.DnsSearch } : {}),
    },
  };
}
