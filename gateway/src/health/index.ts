export { ClockTrust, type ClockTrustOptions, LAST_GOOD_TIME_KEY } from './clock-trust';
export { HEALTH_MODES, type HealthMode, HealthMonitor, type HealthOptions, type HealthSnapshot, type WatchedDevice } from './monitor';
export { Counter, Gauge, Histogram, type Labels, MetricsRegistry } from './metrics';
export { type ConcentratorCheck, type ConcentratorSource, checkConcentrators } from './concentrators';
export { type NtpCheck, type NtpCheckOptions, startNtpCheck } from './ntp-check';
