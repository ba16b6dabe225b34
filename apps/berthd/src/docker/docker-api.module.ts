import { Module } from '@nestjs/common';
import { ContainersController } from './containers/containers.controller';
import { EventsController } from './events/events.controller';
import { ImagesController } from './images/images.controller';
import { SystemController } from './system/system.controller';

/** The Docker Engine API (v1.41) over the lifecycle's application service. */
@Module({
  controllers: [SystemController, ImagesController, ContainersController, EventsController],
})
export class DockerApiModule {}
