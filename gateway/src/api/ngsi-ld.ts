import type { DeviceRecord, StoredEvent, StoredReading } from '../store/types';

/**
 * NGSI-LD rendering (Accept: application/ld+json) so a FIWARE-based hypervisor reads the API
 * without an adapter. Device classes map to Smart Data Models entity types; quantities map to
 * the models' attribute names where one exists (else camelCase of our name), with UN/CEFACT units.
 */
export const NGSI_LD_CONTEXT = ['https://smartdatamodels.org/context.jsonld', 'https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld'];

const ENTITY_TYPES: Record<string, string> = {
  lamp: 'Streetlight',
  streetlight: 'Streetlight',
  lamp_controller: 'Streetlight',
  lamp_group: 'StreetlightGroup',
  streetlight_group: 'StreetlightGroup',
  cabinet: 'StreetlightGroup',
  soil_probe: 'GreenspaceRecord',
  valve: 'GreenspaceRecord',
  water_meter: 'WaterConsumptionObserved',
  flow_meter: 'WaterConsumptionObserved',
  rain_gauge: 'WeatherObserved',
  weather_station: 'WeatherObserved',
  light_sensor: 'WeatherObserved',
};

const ATTRIBUTES: Record<string, { name: string; unitCode?: string; scale?: number }> = {
  dim_level: { name: 'illuminanceLevel', scale: 0.01 },
  active_power: { name: 'activePower', unitCode: 'WTT' },
  active_energy: { name: 'energyConsumed', unitCode: 'WHR' },
  voltage: { name: 'voltage', unitCode: 'VLT' },
  current: { name: 'intensity', unitCode: 'AMP' },
  power_factor: { name: 'powerFactor' },
  operating_hours: { name: 'operatingHours', unitCode: 'HUR' },
  soil_moisture_vwc: { name: 'soilMoistureVwc', unitCode: 'P1' },
  soil_temperature: { name: 'soilTemperature', unitCode: 'CEL' },
  soil_tension: { name: 'soilTension', unitCode: 'KPA' },
  water_volume: { name: 'consumption', unitCode: 'LTR' },
  flow_rate: { name: 'flow', unitCode: 'L2' },
  rainfall: { name: 'precipitation', unitCode: 'MMT' },
  illuminance: { name: 'illuminance', unitCode: 'LUX' },
  temperature: { name: 'temperature', unitCode: 'CEL' },
  relative_humidity: { name: 'relativeHumidity', unitCode: 'P1' },
  battery: { name: 'batteryLevel', unitCode: 'P1' },
};

export function entityType(deviceType: string | undefined): string {
  return (deviceType && ENTITY_TYPES[deviceType]) ?? 'Device';
}

const camel = (s: string): string => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const urn = (type: string, id: string): string => `urn:ngsi-ld:${type}:${encodeURIComponent(id)}`;

export function readingToEntity(reading: StoredReading, deviceType: string | undefined): Record<string, unknown> {
  const type = entityType(deviceType);
  const observedAt = new Date(reading.observedAt).toISOString();
  const entity: Record<string, unknown> = { id: urn(type, reading.deviceId), type, '@context': NGSI_LD_CONTEXT };
  for (const [quantity, value] of Object.entries(reading.measurements)) {
    const attr = ATTRIBUTES[quantity] ?? { name: camel(quantity) };
    const scaled = typeof value === 'number' && attr.scale ? value * attr.scale : value;
    entity[attr.name] = { type: 'Property', value: scaled, observedAt, ...(attr.unitCode ? { unitCode: attr.unitCode } : {}) };
  }
  entity.seq = { type: 'Property', value: reading.seq };
  return entity;
}

export function deviceToEntity(device: DeviceRecord): Record<string, unknown> {
  const type = entityType(device.type);
  return {
    id: urn(type, device.id),
    type,
    '@context': NGSI_LD_CONTEXT,
    ...(device.name ? { name: { type: 'Property', value: device.name } } : {}),
    category: { type: 'Property', value: device.type },
  };
}

/** Events and alarms are not part of the Smart Data Models above: rendered as "Alert"-like entities. */
export function eventToEntity(event: StoredEvent): Record<string, unknown> {
  return {
    id: `urn:ngsi-ld:Alert:ardoise-${event.seq}`,
    type: 'Alert',
    '@context': NGSI_LD_CONTEXT,
    category: { type: 'Property', value: event.type },
    severity: { type: 'Property', value: event.severity },
    dateIssued: { type: 'Property', value: new Date(event.at).toISOString() },
    ...(event.deviceId ? { alertSource: { type: 'Property', value: event.deviceId } } : {}),
  };
}
