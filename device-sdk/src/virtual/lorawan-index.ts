export * from './concentrator';
export * from './concentrator-medium';
export * from './lorawan-device';
