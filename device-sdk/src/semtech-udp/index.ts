export * from './gwmp';
export * from './link-state';
export * from './log';
export * from './rxpk';
export * from './tx';
export * from './server';
export * from './forwarder';
