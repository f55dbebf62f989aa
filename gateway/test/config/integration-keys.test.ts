import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/index';
import { MINIMAL_CONFIG } from '../helpers/tmp';

const parse = (extra: string) => parseConfigText(`${MINIMAL_CONFIG}${extra}`, { baseDir: '/srv' });

describe('config keys of the LoRaWAN input, the sync outbox and the NTP time source', () => {
  it('defaults: dedup 200 ms, NetID 000000, no forwarding, 30 s concentrator timeout, outbox 500 records / 256 KiB / 4 in flight', () => {
    const r = parse('');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.inputs.semtech_udp).toMatchObject({ dedup_window_ms: 200, net_id: '000000', forward_to: [], concentrator_timeout_s: 30, downlink_data_delay_ms: 100, downlink_lead_ms: 300 });
    expect(r.config.inputs.semtech_udp.allowed_gateways).toBeUndefined();
    expect(r.config.sync).toMatchObject({ batch_max_records: 500, batch_max_bytes: 262_144, max_in_flight: 4 });
    expect(r.config.health.ntp_check).toBeUndefined();
  });

  it('reads every key when set', () => {
    const r = parse(`inputs:
  semtech_udp:
    enabled: true
    forward_to: [{host: eu1.cloud.thethings.network}, {host: 10.0.0.2, port: 1701}]
    recv_buffer_size: 4194304
    allowed_gateways: ["AA555A0000000001"]
    dedup_window_ms: 300
    downlink_data_delay_ms: 50
    downlink_lead_ms: 400
    net_id: "000013"
sync:
  bandwidth_bytes_per_s: 2000
  deadbands: {soil_tension: 2}
  aggregation: {active_power: 15m}
health:
  ntp_check: {command: [timedatectl, show, -p, NTPSynchronized, --value]}
`);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.inputs.semtech_udp.forward_to).toEqual([{ host: 'eu1.cloud.thethings.network', port: 1700 }, { host: '10.0.0.2', port: 1701 }]);
    expect(r.config.inputs.semtech_udp).toMatchObject({ recv_buffer_size: 4_194_304, allowed_gateways: ['AA555A0000000001'], dedup_window_ms: 300, net_id: '000013', downlink_data_delay_ms: 50, downlink_lead_ms: 400 });
    expect(r.config.sync).toMatchObject({ bandwidth_bytes_per_s: 2000, deadbands: { soil_tension: 2 }, aggregation: { active_power: '15m' } });
    expect(r.config.health.ntp_check).toEqual({ command: ['timedatectl', 'show', '-p', 'NTPSynchronized', '--value'], interval_s: 60 });
  });

  it('names every bad value with its key path and what is allowed', () => {
    const r = parse(`inputs:
  semtech_udp:
    forward_to: [{port: 1700}]
    allowed_gateways: [1234, "zz"]
    dedup_window_ms: 900
    net_id: 13
    recv_buffer_size: 10
sync:
  max_in_flight: 0
  aggregation: {active_power: 5m}
health:
  ntp_check: {command: []}
`);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const byPath = Object.fromEntries(r.problems.map((p) => [p.path, p.message]));
    expect(byPath['inputs.semtech_udp.forward_to[0].host']).toBeDefined();
    expect(byPath['inputs.semtech_udp.allowed_gateways[0]']).toMatch(/16 hex digits in quotes/);
    expect(byPath['inputs.semtech_udp.allowed_gateways[1]']).toMatch(/16 hex digits/);
    expect(byPath['inputs.semtech_udp.dedup_window_ms']).toMatch(/800/);
    expect(byPath['inputs.semtech_udp.net_id']).toMatch(/6 hex digits in quotes/);
    expect(byPath['inputs.semtech_udp.recv_buffer_size']).toMatch(/65536/);
    expect(byPath['sync.max_in_flight']).toMatch(/1/);
    expect(byPath['sync.aggregation.active_power']).toMatch(/15m.*1h/);
    expect(byPath['health.ntp_check.command']).toBeDefined();
  });

  it('refuses a dedup window and decision lead that leave no time before RX1, naming both keys', () => {
    const r = parse(`inputs:
  semtech_udp:
    dedup_window_ms: 700
    downlink_lead_ms: 300
    downlink_data_delay_ms: 1001
`);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const byPath = Object.fromEntries(r.problems.map((p) => [p.path, p.message]));
    expect(byPath['inputs.semtech_udp.downlink_data_delay_ms']).toBeDefined();
    const fixed = parse(`inputs:
  semtech_udp:
    dedup_window_ms: 700
    downlink_lead_ms: 300
`);
    expect(fixed.ok).toBe(false);
    if (fixed.ok) return;
    expect(fixed.problems.map((p) => [p.path, p.message])).toEqual([
      ['inputs.semtech_udp.dedup_window_ms', expect.stringMatching(/dedup_window_ms \(700\) \+ downlink_lead_ms \(300\) must stay under the 1000 ms before RX1/)],
    ]);
    expect(parse(`inputs:
  semtech_udp:
    dedup_window_ms: 600
    downlink_lead_ms: 300
`).ok).toBe(true);
  });
});
