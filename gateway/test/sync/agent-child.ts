/**
 * A minimal agent for the kill -9 test: opens the store, runs sync on the real clock, prints
 * "up" once connected. Run with `node --import tsx agent-child.ts DB URL GATEWAY_ID`.
 */
import { RealClock } from '@ardoise/device-sdk';
import { SyncService } from '../../src/sync/sync-service';
import { openTestStore } from './helpers';

const [db, url, gatewayId] = process.argv.slice(2);
const clock = new RealClock();
const store = openTestStore(db!, clock);
const sync = new SyncService({ store, clock, link: { url: url!, gatewayId: gatewayId! }, outbox: { maxBatchRecords: 100, maxInFlight: 4 } });
sync.link.once('up', () => process.stdout.write('up\n'));
sync.start();
