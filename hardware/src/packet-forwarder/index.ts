export * from './channel-plans';
export * from './global-conf';
