export * from './types';
export { AstroClock, DEFAULT_ASTRO, type AstroSettings, type Night, type Site } from './astro';
export { anchorTime, exceptionFor, placeProfile, programFor, programLevel, type NightProgram } from './program';
export { desiredLevel, type LightingInputs } from './desired-level';
export { LuxSwitch } from './lux-switch';
export { DEFAULT_DIAGNOSTICS, LampDiagnostics, type DiagnosticsSettings, type LampAlarm, type LampAlarmType } from './diagnostics';
export { EnergyLedger, nightBaselineWh, type GroupEnergy } from './energy';
