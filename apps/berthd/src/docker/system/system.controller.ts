import { Controller, Get, Head, Inject, Res, UseFilters } from '@nestjs/common';
import type { HostResources } from '@berth/host';
import { ContainerService, HOST, LIFECYCLE_OPTIONS, type LifecycleOptions } from '@berth/lifecycle';
import type { Response } from 'express';
import { arch, cpus, hostname, release, totalmem } from 'node:os';
import { DockerErrorFilter } from '../http/docker-error.filter';
import { API_VERSION, BERTH_VERSION, MIN_API_VERSION, sendJson } from '../http/docker-json';

const GO_ARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64' };

/** /_ping, /version, /info: what the CLI needs to negotiate and describe the daemon. */
@Controller()
@UseFilters(DockerErrorFilter)
export class SystemController {
  constructor(
    private readonly service: ContainerService,
    @Inject(HOST) private readonly host: HostResources,
    @Inject(LIFECYCLE_OPTIONS) private readonly options: LifecycleOptions,
  ) {}

  private ping(res: Response, body: string): void {
    res.status(200);
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.setHeader('Builder-Version', '1');
    res.setHeader('Swarm', 'inactive');
    res.setHeader('Cache-Control', 'no-cache, no-store, must-revalidate');
    res.setHeader('Pragma', 'no-cache');
    res.end(body);
  }

  @Get('_ping')
  getPing(@Res() res: Response): void {
    this.ping(res, 'OK');
  }

  @Head('_ping')
  headPing(@Res() res: Response): void {
    this.ping(res, '');
  }

  @Get('version')
  version(@Res() res: Response): void {
    const details = { ApiVersion: API_VERSION, MinAPIVersion: MIN_API_VERSION, Os: 'linux', Arch: GO_ARCH[arch()] ?? arch(), KernelVersion: release() };
    sendJson(res, 200, {
      Platform: { Name: 'berth' },
      Components: [{ Name: 'Engine', Version: BERTH_VERSION, Details: { ...details, Experimental: String(this.options.experimental) } }],
      Version: BERTH_VERSION,
      ...details,
      GitCommit: '',
      GoVersion: `node ${process.version}`,
      Experimental: this.options.experimental,
      BuildTime: '',
    });
  }

  @Get('info')
  async info(@Res() res: Response): Promise<void> {
    const containers = await this.service.list();
    const count = (status: string): number => containers.filter((c) => c.State.Status === status).length;
    sendJson(res, 200, {
      ID: '',
      Containers: containers.length,
      ContainersRunning: count('running') + count('restarting'),
      ContainersPaused: count('paused'),
      ContainersStopped: containers.length - count('running') - count('restarting') - count('paused'),
      Images: (await this.host.images.list()).length,
      Driver: 'overlay2',
      DriverStatus: [],
      Plugins: { Volume: [], Network: ['bridge', 'host', 'none'], Log: ['json-file'] },
      MemoryLimit: false,
      SwapLimit: false,
      LoggingDriver: 'json-file',
      CgroupDriver: 'cgroupfs',
      CgroupVersion: '1',
      NEventsListener: 0,
      KernelVersion: release(),
      OperatingSystem: 'berth',
      OSType: 'linux',
      Architecture: arch() === 'x64' ? 'x86_64' : arch(),
      NCPU: cpus().length,
      MemTotal: totalmem(),
      DockerRootDir: this.options.dataDir,
      Name: hostname(),
      Labels: [],
      ExperimentalBuild: this.options.experimental,
      ServerVersion: BERTH_VERSION,
      Runtimes: { runc: { path: 'runc' } },
      DefaultRuntime: 'runc',
      Swarm: { LocalNodeState: 'inactive' },
      SecurityOptions: [],
      Warnings: this.options.runtime.kind === 'process' ? ['WARNING: the process runtime runs containers WITHOUT isolation'] : [],
    });
  }
}
