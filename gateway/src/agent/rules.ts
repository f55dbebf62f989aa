import type { Clock, EdgeNetworkServer } from '@ardoise/device-sdk';
import type { Config } from '../config/index';
import type { CommandTransport } from '../governor/index';
import type { Logger } from '../logging/index';
import { LorawanCommandTransport, LorawanDutyCycle } from '../lorawan/index';
import { RulesRuntime } from '../rules/index';
import { firstPartyCodecs } from './codecs';
import { type Core, deviceDirectory } from './core';

export interface RulesWiring {
  config: Config;
  core: Core;
  clock: Clock;
  log: Logger;
  /** The LoRaWAN edge network server that carries downlinks, when a LoRaWAN input runs. */
  ns?: EdgeNetworkServer;
}

/** Without a downlink path, the governor journals each command as failed with this reason. */
const noDownlink: CommandTransport = {
  async send(deviceId) {
    throw new Error(`no downlink transport for ${deviceId}: enable inputs.semtech_udp (LoRaWAN)`);
  },
};

/**
 * Starts the lighting/irrigation rules when enabled: they hear committed readings only (bus),
 * act through the safety governor, and send downlinks through the LoRaWAN network server.
 * Returns the runtime and its stop, or undefined when no rule is enabled.
 */
export async function startRules(o: RulesWiring): Promise<{ runtime: RulesRuntime; stop(): void } | undefined> {
  const { config, core, clock } = o;
  if (!config.rules.lighting.enabled && !config.rules.irrigation.enabled) return undefined;
  const directory = deviceDirectory(config);
  const codecs = firstPartyCodecs();
  const codecOf = (id: string) => {
    const codec = directory.lookup(id)?.codec;
    return codec ? codecs(codec) : undefined;
  };
  const runtime = new RulesRuntime({
    clock, site: config.site, rules: config.rules, store: core.store,
    devices: config.devices.map((d) => ({ id: d.id, type: d.type, report_interval_s: d.report_interval_s, ...(d.group ? { group: d.group } : {}) })),
    transport: o.ns ? new LorawanCommandTransport(o.ns, codecOf) : noDownlink,
    ...(o.ns ? { dutyCycle: new LorawanDutyCycle(o.ns) } : {}),
    clockTrusted: () => core.clockTrust.isTrusted(),
  });
  await runtime.start();
  const off = core.bus.on('reading', (r) => runtime.onReading(r.deviceId, r.observedAt, r.measurements));
  o.log.info({ lighting: config.rules.lighting.enabled, irrigation: config.rules.irrigation.enabled, downlinks: o.ns ? 'lorawan' : 'none' }, 'rules started');
  return {
    runtime,
    stop: () => {
      off();
      runtime.stop();
    },
  };
}
