export * from './clock/index';
export * from './virtual/fleet-index';
