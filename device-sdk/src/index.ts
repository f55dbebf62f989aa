export * from './clock/index';
export * from './virtual/fleet-index';
export * from './lorawan/index';
export * from './semtech-udp/index';
export * from './virtual/lorawan-index';
export { SunCalc } from './sun';
