export * from './store/index';
export * from './lorawan/index';
export { openCore, type Core } from './agent/core';
export { validateConfig, type Config } from './config/index';
