import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, ValidateNested } from 'class-validator';

/** `HostConfig.RestartPolicy`. */
export class RestartPolicyBody {
  @IsOptional() @IsString() Name?: string;
  @IsOptional() @IsInt() MaximumRetryCount?: number;
}

export class LogConfigBody {
  @IsOptional() @IsString() Type?: string;
  @IsOptional() @IsObject() Config?: Record<string, string> | null;
}

export class MountBody {
  @IsIn(['bind', 'volume', 'tmpfs']) Type!: string;
  @IsOptional() @IsString() Source?: string;
  @IsString() Target!: string;
  @IsOptional() @IsBoolean() ReadOnly?: boolean;
}

/** The HostConfig fields berth honours; the others are checked by `unsupportedSettings`. */
export class HostConfigBody {
  @IsOptional() @IsArray() @IsString({ each: true }) Binds?: string[] | null;
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => MountBody) Mounts?: MountBody[] | null;
  @IsOptional() @IsString() NetworkMode?: string;
  @IsOptional() @ValidateNested() @Type(() => RestartPolicyBody) RestartPolicy?: RestartPolicyBody;
  @IsOptional() @IsBoolean() AutoRemove?: boolean;
  @IsOptional() @IsInt() ShmSize?: number;
  @IsOptional() @IsObject() Tmpfs?: Record<string, string> | null;
  @IsOptional() @IsBoolean() ReadonlyRootfs?: boolean;
  @IsOptional() @IsArray() @IsString({ each: true }) SecurityOpt?: string[] | null;
  @IsOptional() @ValidateNested() @Type(() => LogConfigBody) LogConfig?: LogConfigBody;
  @IsOptional() @IsArray() @IsString({ each: true }) Dns?: string[] | null;
  @IsOptional() @IsArray() @IsString({ each: true }) DnsOptions?: string[] | null;
  @IsOptional() @IsArray() @IsString({ each: true }) DnsSearch?: string[] | null;
  [key: string]: unknown;
}

/** The body of `POST /containers/create` (Docker's container config + HostConfig). */
export class CreateContainerBody {
  @IsString() Image!: string;
  @IsOptional() @IsArray() @IsString({ each: true }) Cmd?: string[] | null;
  @IsOptional() @IsArray() @IsString({ each: true }) Entrypoint?: string[] | null;
  @IsOptional() @IsArray() @IsString({ each: true }) Env?: string[] | null;
  @IsOptional() @IsString() WorkingDir?: string;
  @IsOptional() @IsString() User?: string;
  @IsOptional() @IsString() Hostname?: string;
  @IsOptional() @IsObject() Labels?: Record<string, string> | null;
  @IsOptional() @IsBoolean() Tty?: boolean;
  @IsOptional() @ValidateNested() @Type(() => HostConfigBody) HostConfig?: HostConfigBody;
  [key: string]: unknown;
}
