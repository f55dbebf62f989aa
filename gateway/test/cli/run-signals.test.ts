import { createSocket } from 'node:dgram';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { getCodec } from '@ardoise/codecs';
import { VirtualLorawanDevice } from '@ardoise/device-sdk';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index';
import { spawnChild } from '../helpers/child';
import { tempDir } from '../helpers/tmp';

const BIN = fileURLToPath(new URL('../../bin/ardoise.mjs', import.meta.url));
const tmp = tempDir();
afterAll(() => tmp.cleanup());

const KEYS = { devAddr: '26011234', nwkSKey: '2b7e151628aed2a6abf7158809cf4f3c', appSKey: '000102030405060708090a0b0c0d0e0f' };
const GW_EUI = Buffer.from('aa555a0000000001', 'hex');

async function freeUdpPort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', resolve));
  const { port } = s.address();
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

/** The database a stopped agent left: integrity ok, WAL checkpointed into the main file, reopenable by the store. */
function expectClosedCleanly(path: string): number {
  const db = new Database(path, { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  } finally {
    db.close();
  }
  const store = openStore({ path, maxBytes: 256e6, retentionDays: 30, synchronous: 'NORMAL' });
  try {
    return store.stats().readings;
  } finally {
    store.close();
  }
}

const walBytes = (path: string) => (existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0);

describe('ardoise run as a child process: signals', () => {
  it('SIGTERM during a stream of LoRaWAN uplinks: exit 0, every frame acknowledged with PUSH_ACK is in the database, WAL checkpointed', async () => {
    const port = await freeUdpPort();
    const db = `${tmp.dir}/lorawan/ardoise.db`;
    const config = tmp.file('lorawan.yaml', `site: {id: gw-sig, latitude: 47.4784, longitude: -0.5632, timezone: Europe/Paris}
storage: {path: ${db}}
logging: {level: warn}
api: {port: 0}
inputs:
  semtech_udp: {enabled: true, bind: 127.0.0.1, port: ${port}}
devices:
  - id: soil-9
    type: soil_probe
    codec: ardoise-soil-probe
    transport: lorawan
    lorawan: {dev_eui: "70b3d57ed0000009", activation: ABP, dev_addr: "${KEYS.devAddr}", nwk_s_key: {env: NWK}, app_s_key: {env: APP}}
`);
    const run = spawnChild(process.execPath, [BIN, 'run', '--config', config], { cwd: tmp.dir, env: { NWK: KEYS.nwkSKey, APP: KEYS.appSKey } });
    await run.waitFor(/^ardoise: ready/m);

    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    const acked = new Set<number>();
    let signalled = false;
    socket.on('message', (m) => {
      if (m.length >= 4 && m[3] === 0x01) acked.add(m.readUInt16BE(1)); // PUSH_ACK echoes the token
      if (acked.size === 40 && !signalled) {
        signalled = true;
        run.child.kill('SIGTERM');
      }
    });
    const device = new VirtualLorawanDevice({ devEui: '70b3d57ed0000009', abp: KEYS });
    const encoded = getCodec('ardoise-soil-probe')!.encodeUplink({ frame: 'reading', soil_moisture_vwc: 27.5, soil_tension: 18, soil_temperature: 12.5, battery: 77 });
    const payload = Uint8Array.from(encoded.bytes!);
    let token = 0;
    const sendOne = () => {
      token++;
      const phy = device.uplink({ fPort: encoded.fPort!, payload });
      const rxpk = { tmst: token * 1000, chan: 0, rfch: 0, freq: 868.1, stat: 1, modu: 'LORA', datr: 'SF7BW125', codr: '4/5', rssi: -80, lsnr: 7, size: phy.length, data: phy.toString('base64') };
      const header = Buffer.from([2, (token >> 8) & 0xff, token & 0xff, 0x00]);
      socket.send(Buffer.concat([header, GW_EUI, Buffer.from(JSON.stringify({ rxpk: [rxpk] }))]), port, '127.0.0.1');
    };
    const pump = setInterval(() => { for (let i = 0; i < 4; i++) sendOne(); }, 2); // keeps sending through the stop
    const { code } = await run.exited;
    clearInterval(pump);
    socket.close();
    expect(code, run.stderr()).toBe(0);
    expect(signalled).toBe(true);
    expect(run.stderr()).not.toMatch(/store is closed|failed to ingest/);
    expect(walBytes(db)).toBe(0);
    expect(expectClosedCleanly(db)).toBeGreaterThanOrEqual(acked.size);
  });

  it('ardoise run --demo (free ports, temp var dir): SIGTERM exits 0 with the database closed cleanly', async () => {
    const run = spawnChild(process.execPath, [BIN, 'run', '--demo', '--speed', '600'], { cwd: tmp.dir });
    await run.waitFor(/readings committed [1-9]/);
    run.child.kill('SIGTERM');
    const { code } = await run.exited;
    expect(code, run.stderr()).toBe(0);
    const db = `${tmp.dir}/var/ardoise-demo.db`;
    expect(walBytes(db)).toBe(0);
    expect(expectClosedCleanly(db)).toBeGreaterThan(0);
  });

  it('a second SIGINT during a slow stop forces the exit (130); the database is still reopenable', async () => {
    const run = spawnChild(process.execPath, [BIN, 'run', '--demo', '--speed', '600'], { cwd: tmp.dir, env: { ARDOISE_FAULT_SLOW_STOP_MS: '20000' } });
    await run.waitFor(/readings committed [1-9]/);
    run.child.kill('SIGTERM');
    await run.waitFor(/SIGTERM received, stopping/);
    run.child.kill('SIGINT');
    const { code, signal } = await run.exited;
    expect({ code, signal }, `stdout:\n${run.stdout().slice(-1500)}\nstderr:\n${run.stderr().slice(-1500)}`).toEqual({ code: 130, signal: null });
    expect(run.stderr()).toContain('second SIGINT, exiting now');
    expect(expectClosedCleanly(`${tmp.dir}/var/ardoise-demo.db`)).toBeGreaterThan(0);
  });
});
