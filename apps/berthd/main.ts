#!/usr/bin/env node
import 'reflect-metadata';
import { ConsoleLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './src/app.module';
import { ConfigError, logLevelsFrom } from './src/config/berth-config';
import { configHelp, loadConfig } from './src/config/load-config';
import { GrpcServer } from './src/grpc/grpc-server';

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
  const app = await NestFactory.create(AppModule.forRoot(config), { logger, abortOnError: false });
  app.enableShutdownHooks();
  await app.listen(config.httpPort, config.httpHost);
  logger.log(`health and metrics on http://${config.httpHost}:${config.httpPort}/health`);
  await app.get(GrpcServer).start();
}

main().catch((error: unknown) => {
  const message =
    error instanceof ConfigError ? error.message : error instanceof Error ? error.message : String(error);
  process.stderr.write(`berthd: ${message}\n`);
  process.exit(error instanceof ConfigError ? 2 : 1);
});
