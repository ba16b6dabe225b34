import { Controller, Get, Inject } from '@nestjs/common';
import { EVENT_STORE } from '@berth/lifecycle';
import type { EventStore } from '@berth/event-store';

@Controller()
export class HealthController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get('health')
  async health(): Promise<{ status: 'ok'; eventStore: string; headPosition: number }> {
    return { status: 'ok', eventStore: this.store.name, headPosition: await this.store.headPosition() };
  }
}
