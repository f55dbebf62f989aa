import type { FleetDeviceSpec } from './fleet';
import type { Site } from './fleet-env';

/** The demo site: an Angers-like town centre. */
export const DEMO_SITE: Site & { id: string; name: string } = {
  id: 'angers-demo',
  name: 'Angers-like demo site',
  latitude: 47.4784,
  longitude: -0.5632,
  timezone: 'Europe/Paris',
};

const range = (n: number, make: (i: number) => FleetDeviceSpec) => Array.from({ length: n }, (_, i) => make(i + 1));
const pad = (i: number) => String(i).padStart(2, '0');

/**
 * 24 lamps in 3 groups (10 centre, 10 residential with night switch-off, 4 never-off at a
 * pedestrian crossing), 2 light sensors, 4 presence sensors, 3 soil probes, 2 valves,
 * 1 rain gauge, 1 water meter.
 */
export function demoFleet(): FleetDeviceSpec[] {
  return [
    ...range(10, (i) => ({ id: `lamp-centre-${pad(i)}`, type: 'lamp', group: 'centre' })),
    ...range(10, (i) => ({ id: `lamp-resid-${pad(i)}`, type: 'lamp', group: 'residential' })),
    ...range(4, (i) => ({ id: `lamp-crossing-${pad(i)}`, type: 'lamp', group: 'crossing' })),
    ...range(2, (i) => ({ id: `light-${pad(i)}`, type: 'light_sensor' })),
    ...range(4, (i) => ({ id: `presence-${pad(i)}`, type: 'presence_sensor', group: i <= 2 ? 'residential' : 'centre' })),
    ...range(3, (i) => ({ id: `soil-${pad(i)}`, type: 'soil_probe', group: `zone-${i}` })),
    ...range(2, (i) => ({ id: `valve-${pad(i)}`, type: 'valve', group: `zone-${i}` })),
    { id: 'rain-01', type: 'rain_gauge' },
    { id: 'water-01', type: 'water_meter' },
  ];
}
