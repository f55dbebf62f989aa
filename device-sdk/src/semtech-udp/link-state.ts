import type { GatewayStat } from './rxpk';

/** What the server knows about one concentrator; feeds the gateway health state machine. */
export interface ConcentratorLink {
  gatewayEui: string;
  protocolVersion: 1 | 2;
  /** Where PULL_RESP goes: the source of the last PULL_DATA. */
  downlinkAddress?: { address: string; port: number };
  /** Wall-clock ms (for display) and monotonic ms (for ages) of the last datagrams. */
  lastPullDataAt?: number;
  lastPullDataMono?: number;
  lastPushDataAt?: number;
  lastStatAt?: number;
  lastStatMono?: number;
  stat?: GatewayStat;
  uplinks: number;
  downlinks: number;
}

/**
 * A link is "up" while PULL_DATA keepalives keep coming (lora_pkt_fwd sends one every
 * keepalive_interval, 10 s by default): default staleness 3 keepalives.
 */
export function isLinkUp(link: ConcentratorLink, nowMono: number, maxAgeMs = 30_000): boolean {
  return link.lastPullDataMono !== undefined && nowMono - link.lastPullDataMono <= maxAgeMs;
}
