export * from './clock/index';
