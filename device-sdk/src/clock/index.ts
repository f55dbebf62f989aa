export type { Clock, TimerHandle } from './clock';
export { RealClock } from './real-clock';
export { SimulatedClock } from './simulated-clock';
