export * from './packet-forwarder/index';
