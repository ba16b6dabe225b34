#!/usr/bin/env node
import 'reflect-metadata';
import { ConsoleLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './src/app.module';
import { attachUpgradeHandler } from './src/docker/containers/attach-upgrade';
import { DockerErrorFilter } from './src/docker/http/docker-error.filter';
import { bodyErrors, listenerGuard, openListeners } from './src/docker/http/listeners';
import { ConfigError, logLevelsFrom } from './src/config/berth-config';
import { configHelp, loadConfig } from './src/config/load-config';
import { GrpcServer } from './src/grpc/grpc-server';

/** Bound of a JSON request body (a container create is a few KiB). */
const MAX_JSON_BODY = 1024 * 1024;

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`usage: berthd [options]\n\n${configHelp()}\n`);
    return;
  }
  const config = loadConfig(argv);
  const logger = new ConsoleLogger('berthd', {
    logLevels: logLevelsFrom(config.logLevel),
    json: config.logFormat === 'json',
  });
  logger.log(`data directory ${config.dataDir}`);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { logger, abortOnError: false, bodyParser: false });
  app.enableShutdownHooks();
  app.use(listenerGuard(config.dockerToken));
  app.useBodyParser('json', { limit: MAX_JSON_BODY });
  app.use(bodyErrors);
  app.useGlobalFilters(new DockerErrorFilter());
  await app.init();
  const servers = await openListeners(app, {
    socketPath: config.dockerSocket,
    health: { host: config.httpHost, port: config.httpPort },
    tcp: config.dockerTcp && { ...config.dockerTcp, token: config.dockerToken, tlsCert: config.dockerTlsCert, tlsKey: config.dockerTlsKey, tlsCa: config.dockerTlsCa },
    onUpgrade: attachUpgradeHandler(app),
  });
  const closeServers = (): void => servers.forEach((s) => s.close());
  process.once('SIGTERM', closeServers);
  process.once('SIGINT', closeServers);
  await app.get(GrpcServer).start();
}

main().catch((error: unknown) => {
  const message =
    error instanceof ConfigError ? error.message : error instanceof Error ? error.message : String(error);
  process.stderr.write(`berthd: ${message}\n`);
  process.exit(error instanceof ConfigError ? 2 : 1);
});
