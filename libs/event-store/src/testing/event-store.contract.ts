import { afterAll, beforeAll, describe } from 'vitest';
import type { EventStore } from '../event-store.port';
import { appendContract } from './append.contract';
import { contractContext } from './contract-context';
import { readContract } from './read.contract';
import { subscriptionContract } from './subscription.contract';

export interface ContractFixture {
  readonly store: EventStore;
  /** Closes the store and removes what the factory created. */
  cleanup(): Promise<void>;
}

/**
 * The one behaviour suite every EventStore adapter passes. Call it from the adapter's spec:
 * `runEventStoreContract('sqlite', async () => ({ store, cleanup }))`. The factory is called once
 * per suite; every test uses stream names unique to this run, so a remote store can be reused
 * (events of other tests and runs are present and skipped). Only the port is assumed.
 */
export function runEventStoreContract(adapterName: string, factory: () => Promise<ContractFixture>): void {
  describe(`EventStore contract: ${adapterName}`, () => {
    let fixture: ContractFixture | undefined;
    const ctx = contractContext(() => {
      if (fixture === undefined) throw new Error(`the ${adapterName} store did not open`);
      return fixture.store;
    });
    beforeAll(async () => {
      fixture = await factory();
    });
    afterAll(async () => {
      await fixture?.cleanup();
    });
    appendContract(ctx);
    readContract(ctx);
    subscriptionContract(ctx);
  });
}
