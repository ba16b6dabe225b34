import { join } from 'node:path';
import { runCommand } from '../support/exec';

export interface CniCall {
  readonly command: 'ADD' | 'DEL';
  readonly plugin: string;
  readonly containerId: string;
  readonly netns: string;
  readonly ifname: string;
  readonly config: Readonly<Record<string, unknown>>;
  readonly cniPath: string;
  readonly timeoutMs: number;
}

/** A plugin's error: CNI's `{ code, msg, details }` on stdout, or its stderr. */
export class CniPluginError extends Error {
  override readonly name = 'CniPluginError';
  constructor(
    message: string,
    readonly code: number | undefined,
  ) {
    super(message);
  }
}

/** Runs one CNI plugin binary (no shell): env per the CNI spec, the network config on stdin. */
export async function callCniPlugin(call: CniCall): Promise<unknown> {
  const result = await runCommand(join(call.cniPath, call.plugin), [], {
    input: JSON.stringify(call.config),
    timeoutMs: call.timeoutMs,
    env: {
      CNI_COMMAND: call.command,
      CNI_CONTAINERID: call.containerId,
      CNI_NETNS: call.netns,
      CNI_IFNAME: call.ifname,
      CNI_PATH: call.cniPath,
    },
  });
  let output: unknown;
  try {
    output = result.stdout.trim() === '' ? undefined : JSON.parse(result.stdout);
  } catch {
    output = undefined;
  }
  if (result.code !== 0) {
    const detail =
      typeof output === 'object' && output !== null && 'msg' in output && typeof output.msg === 'string'
        ? output.msg
        : result.stderr.trim() || result.stdout.trim() || `exit status ${result.code}`;
    const code = typeof output === 'object' && output !== null && 'code' in output && typeof output.code === 'number' ? output.code : undefined;
    throw new CniPluginError(`CNI plugin ${call.plugin} ${call.command}: ${detail}`, code);
  }
  return output;
}
