/**
 * Concentrator watch for the health state machine (mode `concentrator_lost`, docs/health.md).
 * The Semtech UDP server knows, per gateway EUI, when the last PULL_DATA keepalive came; a
 * concentrator is lost when none came for `timeout`. Expected concentrators are the allowlist
 * (when configured) plus every concentrator heard since boot; with none heard yet and no
 * allowlist, the input counts as lost too (a LoRaWAN input nobody talks to is not "online").
 */
export interface ConcentratorLinkView {
  gatewayEui: string;
  up: boolean;
  lastPullDataAt?: number;
}

export interface ConcentratorSource {
  /** Allowlisted EUIs (lower or upper case); empty = any concentrator may connect. */
  expected: readonly string[];
  links(): ConcentratorLinkView[];
}

export interface ConcentratorCheck {
  configured: boolean;
  /** EUIs (lower case) of expected concentrators that are not up; `*` = no concentrator heard at all. */
  lost: string[];
  links: { gateway_eui: string; up: boolean; last_pull_data_at?: number }[];
}

export const NO_CONCENTRATOR = '*';

export function checkConcentrators(source: ConcentratorSource | undefined): ConcentratorCheck {
  if (!source) return { configured: false, lost: [], links: [] };
  const links = source.links().map((l) => ({ gateway_eui: l.gatewayEui.toLowerCase(), up: l.up, ...(l.lastPullDataAt !== undefined ? { last_pull_data_at: l.lastPullDataAt } : {}) }));
  const up = new Set(links.filter((l) => l.up).map((l) => l.gateway_eui));
  const expected = new Set([...source.expected.map((e) => e.toLowerCase()), ...links.map((l) => l.gateway_eui)]);
  const lost = expected.size === 0 ? [NO_CONCENTRATOR] : [...expected].filter((eui) => !up.has(eui)).sort();
  return { configured: true, lost, links };
}
