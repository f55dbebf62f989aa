import type { Measurement, MeasurementValue } from './types';

/**
 * THE measurement vocabulary shared by gateway, cloud and Node-RED (architecture.md): snake_case
 * quantity names with one fixed unit each, aligned with TALQ / uCIFI / FIWARE where they exist.
 * Ranges are physical plausibility bounds: a first-party codec reports a value outside them as a
 * warning (the value is kept: a faulty sensor is information), never as a crash.
 */
export interface QuantityDef {
  unit: string;
  kind: 'number' | 'boolean';
  min?: number;
  max?: number;
  description: string;
}

const n = (unit: string, min: number, max: number, description: string): QuantityDef => ({ unit, kind: 'number', min, max, description });
const b = (description: string): QuantityDef => ({ unit: '', kind: 'boolean', description });

export const vocabulary = {
  // Public lighting (TALQ LampActuator / LampMonitor, uCIFI 3416, DALI-2 D4i)
  dim_level: n('%', 0, 100, 'actual light output level (TALQ actualLightState)'),
  dim_level_target: n('%', 0, 100, 'commanded light output level (TALQ targetLightCommand)'),
  default_level: n('%', 0, 100, 'fail-safe level used without a valid program or contact (TALQ defaultLightState)'),
  active_power: n('W', 0, 10_000, 'active power drawn by the luminaire'),
  active_energy: n('Wh', 0, 1e12, 'cumulative active energy'),
  voltage: n('V', 0, 500, 'supply voltage (RMS)'),
  current: n('A', 0, 100, 'supply current (RMS)'),
  power_factor: n('', 0, 1, 'power factor (dimensionless, 0..1)'),
  operating_hours: n('h', 0, 1e6, 'cumulative lamp burning hours'),
  switch_count: n('count', 0, 1e9, 'cumulative number of switch-on cycles'),
  driver_temperature: n('°C', -40, 150, 'control gear (driver) temperature'),
  lamp_failure: b('lamp failure (no light while commanded on)'),
  driver_failure: b('driver / control gear failure'),
  relay_failure: b('relay failure'),
  day_burner: b('lamp on in daylight'),
  cycling: b('lamp cycling on and off'),
  // Light and presence
  illuminance: n('lx', 0, 200_000, 'ambient illuminance'),
  presence: b('presence detected at the time of the reading'),
  presence_count: n('count', 0, 1e6, 'detections counted over the reporting interval'),
  occupied: b('zone or parking space occupied'),
  // Irrigation
  soil_moisture_vwc: n('%', 0, 100, 'soil volumetric water content'),
  soil_tension: n('kPa', 0, 1500, 'soil water tension (1 kPa = 1 centibar)'),
  soil_temperature: n('°C', -40, 80, 'soil temperature'),
  valve_open: b('valve open'),
  valve_fault: b('valve in fault (see the codec data for the kind)'),
  flow_rate: n('L/min', 0, 10_000, 'water flow rate'),
  water_volume: n('L', 0, 1e10, 'cumulative water volume delivered through a valve'),
  rainfall: n('mm', 0, 500, 'rainfall over the reporting interval'),
  rain_tips: n('count', 0, 65_535, 'rain gauge bucket tips over the reporting interval'),
  // Water network
  water_index: n('L', 0, 1e12, 'water meter index'),
  leak: b('leak alarm'),
  backflow: b('backflow alarm'),
  tamper: b('tamper / fraud alarm'),
  // Air quality (EU directive units)
  pm2_5: n('µg/m³', 0, 1000, 'particulate matter ≤ 2.5 µm'),
  pm10: n('µg/m³', 0, 2000, 'particulate matter ≤ 10 µm'),
  no2: n('µg/m³', 0, 2000, 'nitrogen dioxide'),
  o3: n('µg/m³', 0, 1000, 'ozone'),
  air_temperature: n('°C', -50, 70, 'air temperature'),
  relative_humidity: n('%', 0, 100, 'relative humidity'),
  // Device health
  battery: n('%', 0, 100, 'battery level'),
} as const satisfies Record<string, QuantityDef>;

export type Quantity = keyof typeof vocabulary;

export function isQuantity(name: string): name is Quantity {
  return Object.prototype.hasOwnProperty.call(vocabulary, name);
}

export function getQuantity(name: string): QuantityDef | undefined {
  return isQuantity(name) ? vocabulary[name] : undefined;
}

/**
 * Checks a value against its quantity: unknown quantity, wrong type or out of range give a
 * message naming the quantity, the value and what is allowed; undefined when it is fine.
 */
export function checkValue(quantity: string, value: MeasurementValue): string | undefined {
  const def = getQuantity(quantity);
  if (!def) return `unknown quantity "${quantity}" (not in the vocabulary)`;
  if (def.kind === 'boolean') return typeof value === 'boolean' ? undefined : `${quantity}: expected true or false, got ${String(value)}`;
  if (typeof value !== 'number' || !isFinite(value)) return `${quantity}: expected a number, got ${String(value)}`;
  const unit = def.unit ? ` ${def.unit}` : '';
  if ((def.min !== undefined && value < def.min) || (def.max !== undefined && value > def.max)) {
    return `${quantity} ${value}${unit} is outside the plausible range ${def.min}..${def.max}${unit}`;
  }
  return undefined;
}

/** Builds a measurement with the vocabulary's unit (throws on an unknown quantity: a programming error). */
export function measurement(quantity: string, value: MeasurementValue): Measurement {
  const def = getQuantity(quantity);
  if (!def) throw new Error(`unknown quantity "${quantity}" (not in the vocabulary)`);
  return { quantity, value, unit: def.unit };
}
