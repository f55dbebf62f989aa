/**
 * Device registry: what the gateway's config declares about each LoRaWAN device.
 * Validation errors name the device, the field, the bad value and what is allowed;
 * key values are never echoed.
 */
export type DeviceClass = 'A' | 'C';

export interface AbpActivation {
  mode: 'abp';
  devAddr: string;
  nwkSKey: string;
  appSKey: string;
}

export interface OtaaActivation {
  mode: 'otaa';
  joinEui: string;
  appKey: string;
}

export interface LorawanDeviceConfig {
  /** Gateway-wide device id (what readings are stored under). */
  id: string;
  devEui: string;
  deviceClass: DeviceClass;
  activation: AbpActivation | OtaaActivation;
}

export interface RegisteredDevice extends Omit<LorawanDeviceConfig, 'devEui'> {
  devEui: string;
}

export class RegistryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RegistryError';
  }
}

const HEX = (n: number) => new RegExp(`^[0-9a-fA-F]{${n}}$`);

export class DeviceRegistry {
  private readonly byEui = new Map<string, RegisteredDevice>();
  private readonly byId = new Map<string, RegisteredDevice>();

  constructor(devices: readonly LorawanDeviceConfig[] = []) {
    devices.forEach((d, i) => this.add(d, `devices[${i}]`));
  }

  add(d: LorawanDeviceConfig, where = `device "${d.id}"`): RegisteredDevice {
    const check = (field: string, value: string, digits: number, secret = false) => {
      if (typeof value !== 'string' || !HEX(digits).test(value)) {
        const shown = secret ? `${typeof value === 'string' ? value.length : 0} characters` : JSON.stringify(value);
        throw new RegistryError(`${where}.${field}: got ${shown}; expected ${digits} hex digits`);
      }
    };
    if (typeof d.id !== 'string' || d.id.length === 0 || d.id.length > 128) throw new RegistryError(`${where}.id: expected a non-empty string of at most 128 characters`);
    check('devEui', d.devEui, 16);
    if (d.deviceClass !== 'A' && d.deviceClass !== 'C') throw new RegistryError(`${where}.deviceClass: got ${JSON.stringify(d.deviceClass)}; expected "A" or "C"`);
    const a = d.activation;
    if (a?.mode === 'abp') {
      check('activation.devAddr', a.devAddr, 8);
      check('activation.nwkSKey', a.nwkSKey, 32, true);
      check('activation.appSKey', a.appSKey, 32, true);
    } else if (a?.mode === 'otaa') {
      check('activation.joinEui', a.joinEui, 16);
      check('activation.appKey', a.appKey, 32, true);
    } else {
      throw new RegistryError(`${where}.activation.mode: got ${JSON.stringify((a as { mode?: unknown })?.mode)}; expected "abp" or "otaa"`);
    }
    const devEui = d.devEui.toLowerCase();
    if (this.byEui.has(devEui)) throw new RegistryError(`${where}.devEui: ${devEui} is already registered`);
    if (this.byId.has(d.id)) throw new RegistryError(`${where}.id: "${d.id}" is already registered`);
    const dev: RegisteredDevice = { ...d, devEui };
    this.byEui.set(devEui, dev);
    this.byId.set(d.id, dev);
    return dev;
  }

  byDevEui(devEui: string): RegisteredDevice | undefined {
    return this.byEui.get(devEui.toLowerCase());
  }

  byDeviceId(id: string): RegisteredDevice | undefined {
    return this.byId.get(id);
  }

  all(): RegisteredDevice[] {
    return [...this.byEui.values()];
  }
}
