export * from './types';
export { SafetyGovernor, paramsOf, type GovernorDeps, type GovernorJournal } from './governor';
export { enforce, type Enforced } from './enforce';
export { CodecCommandTransport, type DownlinkQueue } from './codec-transport';
export { lorawanDutyCycle, type DownlinkBudget } from './duty-cycle';
