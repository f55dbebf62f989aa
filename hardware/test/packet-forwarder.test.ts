import { describe, expect, it } from 'vitest';
import { CHANNEL_PLANS, EU868_PLAN, MAX_IF_OFFSET_HZ, radioFor } from '../src/packet-forwarder/channel-plans';
import { PacketForwarderConfigError, packetForwarderConfig } from '../src/packet-forwarder/global-conf';

describe('packet-forwarder global_conf.json', () => {
  it('SX1302 HAT: SPI board, SX1250 radios, 8 multi-SF channels on the EU868 frequencies, gateway_conf pointing at Ardoise', () => {
    const c = packetForwarderConfig({ gatewayEui: 'aa555a0000000001', chip: 'sx1302', gpsTtyPath: '/dev/ttyS0' }) as Record<string, any>;
    const sx = c.SX130x_conf;
    expect(sx).toMatchObject({ com_type: 'SPI', com_path: '/dev/spidev0.0', lorawan_public: true });
    expect(sx.radio_0).toMatchObject({ type: 'SX1250', freq: 867_500_000, tx_enable: true, tx_freq_min: 863_000_000, tx_freq_max: 870_000_000 });
    const freqs = Array.from({ length: 8 }, (_, i) => sx[`radio_${sx[`chan_multiSF_${i}`].radio}`].freq + sx[`chan_multiSF_${i}`].if).sort();
    expect(freqs).toEqual([867.1, 867.3, 867.5, 867.7, 867.9, 868.1, 868.3, 868.5].map((m) => Math.round(m * 1e6)));
    expect(c.gateway_conf).toEqual({
      gateway_ID: 'AA555A0000000001', server_address: '127.0.0.1', serv_port_up: 1700, serv_port_down: 1700, keepalive_interval: 10, stat_interval: 30,
      push_timeout_ms: 100, forward_crc_valid: true, forward_crc_error: false, forward_crc_disabled: false, gps_tty_path: '/dev/ttyS0',
    });
  });

  it('legacy SX1301 uses SX1301_conf without SPI settings', () => {
    const c = packetForwarderConfig({ gatewayEui: 'aa555a0000000001', chip: 'sx1301', port: 1701 }) as Record<string, any>;
    expect(c.SX1301_conf.radio_1.type).toBe('SX1257');
    expect(c.SX1301_conf.com_type).toBeUndefined();
    expect(c.gateway_conf.serv_port_up).toBe(1701);
  });

  it('every channel of every plan is within the IF range of its radio', () => {
    for (const plan of Object.values(CHANNEL_PLANS)) {
      for (const f of [...plan.multiSf.map((c) => c.freqHz), plan.loraStd?.freqHz, plan.fsk?.freqHz].filter((x): x is number => x !== undefined)) {
        expect(Math.abs(radioFor(plan, f).ifHz)).toBeLessThanOrEqual(MAX_IF_OFFSET_HZ);
      }
    }
  });

  it('refuses bad EUIs, ports and out-of-range channels with what is allowed', () => {
    expect(() => packetForwarderConfig({ gatewayEui: 'xyz', chip: 'sx1302' })).toThrow(PacketForwarderConfigError);
    expect(() => packetForwarderConfig({ gatewayEui: 'aa555a0000000001', chip: 'sx1302', port: 70000 })).toThrow('port must be 1..65535');
    const bad = { ...EU868_PLAN, multiSf: [{ freqHz: 869_525_000 }] };
    expect(() => packetForwarderConfig({ gatewayEui: 'aa555a0000000001', chip: 'sx1302', plan: bad })).toThrow(/at most 400000 Hz allowed/);
  });
});
