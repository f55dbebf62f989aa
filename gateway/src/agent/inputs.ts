import type { Clock, EdgeNetworkServer, SemtechUdpServer } from '@ardoise/device-sdk';
import { type Config, readSecret } from '../config/index';
import { startDemoInput } from '../demo/fleet-input';
import { type Logger, moduleLogger } from '../logging/index';
import { startLorawanAirDemo, startLorawanInput } from '../lorawan/index';
import { StoreSessionStorage } from '../lorawan/store-session-storage';
import type { PipelineInput } from '../pipeline/types';
import type { Core } from './core';

type Stop = () => void | Promise<void>;

/**
 * How the demo fleet reaches the pipeline: returns the PipelineInput the fleet should use.
 * Default (`lorawanAir`): over the air, as real LoRaWAN frames (ABP, AES, MIC) from virtual
 * devices through simulated concentrators over UDP to the Semtech UDP server and the edge network
 * server. `direct` feeds codec-encoded bytes straight into the pipeline (no radio stack).
 */
export type DemoTransport = (core: Core, clock: Clock, log: Logger, config: Config) => Promise<{ input: PipelineInput; stop: Stop; ns?: EdgeNetworkServer; udp?: SemtechUdpServer }>;

export const lorawanAir: DemoTransport = async (core, clock, log, config) => {
  const air = await startLorawanAirDemo({ config, core, clock, log, confirmTime: (source) => core.health.confirmTime(source) });
  return { input: air.input, stop: () => air.stop(), ns: air.lorawan.ns, udp: air.lorawan.udp };
};

export const direct: DemoTransport = async (core) => ({ input: core.pipeline, stop: () => undefined });

export interface InputsOptions {
  config: Config;
  core: Core;
  clock: Clock;
  log: Logger;
  /** Folder secret file references are resolved against (the config file's folder). */
  baseDir: string;
  env: NodeJS.ProcessEnv;
  demoTransport?: DemoTransport;
}

export interface StartedInputs {
  stops: Stop[];
  /** UDP port of the Semtech UDP (LoRaWAN) input, when enabled. */
  lorawanPort?: number;
  /** The LoRaWAN network server (real input or air demo): the downlink path for the rules. */
  ns?: EdgeNetworkServer;
}

/** Starts the configured inputs; returns their stop functions (in start order). */
export async function startInputs(o: InputsOptions): Promise<StartedInputs> {
  const stops: Stop[] = [];
  let lorawanPort: number | undefined;
  let ns: EdgeNetworkServer | undefined;
  const { config, core, clock } = o;
  try {
    if (config.inputs.semtech_udp.enabled) {
      const lorawan = await startLorawanInput({
        config, clock, pipeline: core.pipeline, storage: new StoreSessionStorage(core.store),
        isClockTrusted: () => core.clockTrust.isTrusted(), readKey: (ref) => readSecret(ref, o.baseDir, o.env),
        confirmTime: (source) => core.health.confirmTime(source),
        log: moduleLogger(o.log, 'lorawan'), metrics: core.metrics,
      });
      lorawanPort = lorawan.port;
      ns = lorawan.ns;
      stops.push(() => lorawan.stop());
      stops.push(watchConcentrators(core, lorawan.udp, config));
    }
    if (config.inputs.demo.enabled) {
      const transport = await (o.demoTransport ?? lorawanAir)(core, clock, moduleLogger(o.log, 'lorawan'), config);
      stops.push(transport.stop);
      if (!ns && transport.udp) stops.push(watchConcentrators(core, transport.udp, config));
      ns ??= transport.ns;
      const demo = startDemoInput(config, transport.input, clock, moduleLogger(o.log, 'demo'));
      stops.push(demo.stop);
    }
  } catch (error) {
    for (const stop of stops.reverse()) await stop();
    throw error;
  }
  return { stops, ...(lorawanPort === undefined ? {} : { lorawanPort }), ...(ns ? { ns } : {}) };
}

/** Concentrator link state → health (`concentrator_lost`); returns the function that unwatches. */
function watchConcentrators(core: Core, udp: Pick<SemtechUdpServer, 'linkState'>, config: Config): Stop {
  const cfg = config.inputs.semtech_udp;
  const timeoutMs = (cfg.concentrator_timeout_s ?? 30) * 1000;
  core.health.watchConcentrators({ expected: cfg.allowed_gateways ?? [], links: () => udp.linkState(timeoutMs) });
  return () => core.health.watchConcentrators(undefined);
}
