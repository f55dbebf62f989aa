export * from './types';
export { extraterrestrialRadiation, hargreavesEt0, dayOfYear, dailyBudgetL } from './et0';
export { DEFAULT_BANS, banFor, droughtLevelAt, describeWindow, type DroughtPeriod, type RemoteDroughtLevel } from './drought';
export { decideZone, type ZoneInputs } from './decide-zone';
export { DEFAULT_FLOW_FAULTS, FlowFaults, type FlowAlarm, type FlowAlarmType, type FlowFaultSettings } from './flow-faults';
export { DailyMinMax, RollingSum, VolumeCounter } from './rolling';
