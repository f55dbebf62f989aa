export * from './crypto';
export * from './frame';
export * from './fcnt';
export * from './mac-commands';
