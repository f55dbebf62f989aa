/**
 * global_conf.json for Semtech's packet forwarder (sx1302_hal `lora_pkt_fwd` for SX1302/SX1303
 * HATs, or the legacy SX1301 `lora_pkt_fwd`), pointing at the Ardoise Semtech UDP server.
 * Field technicians get a config that matches the gateway's expectations (port 1700, 10 s
 * keepalive the link-state check relies on, 30 s stats, CRC-failed frames not forwarded).
 */
import { type ChannelPlan, EU868_PLAN, radioFor } from './channel-plans';

export type ConcentratorChip = 'sx1302' | 'sx1301';

export interface PacketForwarderOptions {
  gatewayEui: string;
  chip: ConcentratorChip;
  plan?: ChannelPlan;
  serverAddress?: string;
  port?: number;
  /** SPI device of the concentrator HAT. Default /dev/spidev0.0. */
  spiPath?: string;
  /** Serial port of the HAT's GPS, if fitted (gives tmms/time: GPS time for the gateway clock). */
  gpsTtyPath?: string;
  keepaliveIntervalS?: number;
  statIntervalS?: number;
  /** Antenna gain in dBi, used by the forwarder for TX power. Default 0. */
  antennaGainDbi?: number;
}

export class PacketForwarderConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PacketForwarderConfigError';
  }
}

export function packetForwarderConfig(o: PacketForwarderOptions): Record<string, unknown> {
  if (!/^[0-9a-fA-F]{16}$/.test(o.gatewayEui)) throw new PacketForwarderConfigError(`gatewayEui must be 16 hex digits, got "${o.gatewayEui}"`);
  const port = o.port ?? 1700;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new PacketForwarderConfigError(`port must be 1..65535, got ${port}`);
  const plan = o.plan ?? EU868_PLAN;
  const radioKey = o.chip === 'sx1302' ? 'SX130x_conf' : 'SX1301_conf';
  return {
    [radioKey]: { ...boardConf(o), ...radios(plan, o.chip), ...channels(plan) },
    gateway_conf: {
      gateway_ID: o.gatewayEui.toUpperCase(),
      server_address: o.serverAddress ?? '127.0.0.1',
      serv_port_up: port,
      serv_port_down: port,
      keepalive_interval: o.keepaliveIntervalS ?? 10,
      stat_interval: o.statIntervalS ?? 30,
      push_timeout_ms: 100,
      forward_crc_valid: true,
      forward_crc_error: false,
      forward_crc_disabled: false,
      ...(o.gpsTtyPath ? { gps_tty_path: o.gpsTtyPath } : {}),
    },
  };
}

function boardConf(o: PacketForwarderOptions): Record<string, unknown> {
  const common = { lorawan_public: true, clksrc: o.chip === 'sx1302' ? 0 : 1, antenna_gain: o.antennaGainDbi ?? 0 };
  if (o.chip === 'sx1301') return common;
  return { com_type: 'SPI', com_path: o.spiPath ?? '/dev/spidev0.0', full_duplex: false, ...common };
}

function radios(plan: ChannelPlan, chip: ConcentratorChip): Record<string, unknown> {
  const type = chip === 'sx1302' ? 'SX1250' : 'SX1257';
  return Object.fromEntries(
    plan.radios.map((freq, i) => [
      `radio_${i}`,
      {
        enable: true, type, freq, rssi_offset: chip === 'sx1302' ? -215.4 : -166.0, tx_enable: i === 0,
        ...(i === 0 ? { tx_freq_min: plan.txRangeHz[0], tx_freq_max: plan.txRangeHz[1] } : {}),
      },
    ]),
  );
}

function channels(plan: ChannelPlan): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  plan.multiSf.forEach((c, i) => {
    const { radio, ifHz } = radioFor(plan, c.freqHz);
    out[`chan_multiSF_${i}`] = { enable: true, radio, if: ifHz };
  });
  if (plan.loraStd) {
    const { radio, ifHz } = radioFor(plan, plan.loraStd.freqHz);
    out.chan_Lora_std = { enable: true, radio, if: ifHz, bandwidth: plan.loraStd.bandwidthHz, spread_factor: plan.loraStd.spreadingFactor };
  }
  if (plan.fsk) {
    const { radio, ifHz } = radioFor(plan, plan.fsk.freqHz);
    out.chan_FSK = { enable: true, radio, if: ifHz, bandwidth: plan.fsk.bandwidthHz, datarate: plan.fsk.datarate };
  }
  return out;
}
