export { RulesRuntime, type RulesRuntimeOptions } from './runtime';
export { rulesSchema, lightingSchema, irrigationSchema, type RulesConfig, type LightingConfig, type IrrigationConfig } from './config';
export { buildLighting, buildIrrigation, type RuleDevice, type LightingModel, type IrrigationModel } from './build';
export { rulesPolicy, type PolicySources } from './policy';
export { LightingEngine, type LightingEngineDeps } from './lighting/engine';
export { IrrigationEngine, type IrrigationEngineDeps, type ZoneState } from './irrigation/engine';
export { STATE_KEYS, type StateKV } from './state';
export * as lighting from './lighting/index';
export * as irrigation from './irrigation/index';
