export * from './packet-forwarder/index';
export * from './systemd/node-flags';
