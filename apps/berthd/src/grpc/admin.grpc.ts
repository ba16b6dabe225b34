import { Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { ContainerState } from '@berth/domain';
import type { EventStore } from '@berth/event-store';
import {
  ContainerProjection,
  EVENT_STORE,
  LIFECYCLE_OPTIONS,
  type LifecycleOptions,
  READ_MODEL,
  type ReadModelStore,
  rebuildAndSwap,
} from '@berth/lifecycle';
import { join } from 'node:path';
import { conflict } from '@berth/domain';
import type { AdminHandlers } from './generated/berth/v1/Admin';
import type { RebuildProgress } from './generated/berth/v1/RebuildProgress';
import type { RebuildRequest__Output } from './generated/berth/v1/RebuildRequest';
import { RequestError } from './grpc-errors';
import { serverStream } from './server-stream';

export const PROJECTIONS = ['containers'] as const;
const PROGRESS_EVERY_MS = 100;

/** berth.v1.Admin: rebuild the container read model while berthd runs. */
@Injectable()
export class AdminGrpc {
  private rebuilding = false;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL) private readonly model: ReadModelStore<ContainerState>,
    @Inject(LIFECYCLE_OPTIONS) private readonly options: LifecycleOptions,
    private readonly moduleRef: ModuleRef,
  ) {}

  handlers(): AdminHandlers {
    return {
      Rebuild: serverStream<RebuildRequest__Output, RebuildProgress>('Rebuild', async (req, writer) => {
        if (!(PROJECTIONS as readonly string[]).includes(req.projection)) {
          throw new RequestError(`unknown projection "${req.projection}" (known: ${PROJECTIONS.join(', ')})`);
        }
        if (this.rebuilding) throw conflict('a rebuild of the containers projection is already running');
        this.rebuilding = true;
        const projection = this.moduleRef.get(ContainerProjection, { strict: false });
        const began = Date.now();
        let lastSent = 0;
        try {
          await projection.stop();
          try {
            const result = await rebuildAndSwap(
              this.store,
              this.model,
              join(this.options.dataDir, 'read-model.rebuild.db'),
              (p) => {
                if (Date.now() - lastSent < PROGRESS_EVERY_MS) return;
                lastSent = Date.now();
                void writer.write({ ...p, done: false, elapsedMs: Date.now() - began });
              },
            );
            await writer.write({ ...result, done: true, elapsedMs: Date.now() - began });
          } finally {
            await projection.start();
          }
        } finally {
          this.rebuilding = false;
        }
      }),
    };
  }
}
