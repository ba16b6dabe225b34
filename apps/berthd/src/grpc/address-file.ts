import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What berthd writes to <data-dir>/berthd.grpc.json while it serves gRPC: how the CLI finds it. */
export interface GrpcAddressFile {
  /** host:port it listens on (the bound port when configured with port 0). */
  readonly address: string;
  readonly tls: boolean;
  readonly pid: number;
}

export const addressFilePath = (dataDir: string): string => join(dataDir, 'berthd.grpc.json');

export function writeAddressFile(dataDir: string, content: GrpcAddressFile): void {
  writeFileSync(addressFilePath(dataDir), `${JSON.stringify(content)}\n`, { mode: 0o644 });
}

export function removeAddressFile(dataDir: string): void {
  rmSync(addressFilePath(dataDir), { force: true });
}

/** The address file of a data dir, or undefined (absent, unreadable, or its berthd is gone). */
export function readAddressFile(dataDir: string): GrpcAddressFile | undefined {
  try {
    const parsed = JSON.parse(readFileSync(addressFilePath(dataDir), 'utf8')) as Partial<GrpcAddressFile>;
    if (typeof parsed.address !== 'string' || typeof parsed.pid !== 'number') return undefined;
    try {
      process.kill(parsed.pid, 0);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') return undefined;
    }
    return { address: parsed.address, tls: parsed.tls === true, pid: parsed.pid };
  } catch {
    return undefined;
  }
}
