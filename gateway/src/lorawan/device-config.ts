/**
 * Gateway config → device-sdk registry entries. Keys come through `readKey` (secret references
 * resolved from files or environment); errors name the config path and never the key.
 */
import type { LorawanDeviceConfig } from '@ardoise/device-sdk';
import type { Config, SecretRef } from '../config/index';

export type KeyReader = (ref: SecretRef, path: string) => string;

export class LorawanConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LorawanConfigError';
  }
}

export function lorawanDevicesFromConfig(config: Pick<Config, 'devices'>, readKey: KeyReader): LorawanDeviceConfig[] {
  const out: LorawanDeviceConfig[] = [];
  config.devices.forEach((d, i) => {
    if (d.transport !== 'lorawan' || !d.lorawan) return;
    const l = d.lorawan;
    const where = `devices[${i}].lorawan`;
    if (l.class === 'B') throw new LorawanConfigError(`${where}.class: "B" is not supported by the edge network server; use "A" or "C"`);
    const need = (ref: SecretRef | undefined, key: string): string => {
      if (ref === undefined) throw new LorawanConfigError(`${where}.${key}: required for ${l.activation} activation`);
      return readKey(ref, `${where}.${key}`);
    };
    const activation =
      l.activation === 'ABP'
        ? { mode: 'abp' as const, devAddr: l.dev_addr ?? fail(`${where}.dev_addr: required for ABP activation`), nwkSKey: need(l.nwk_s_key, 'nwk_s_key'), appSKey: need(l.app_s_key, 'app_s_key') }
        : { mode: 'otaa' as const, joinEui: l.join_eui ?? '0000000000000000', appKey: need(l.app_key, 'app_key') };
    out.push({ id: d.id, devEui: l.dev_eui, deviceClass: l.class, activation });
  });
  return out;
}

function fail(message: string): never {
  throw new LorawanConfigError(message);
}
