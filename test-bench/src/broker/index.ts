export { MosquittoBroker, type BrokerOptions } from './mosquitto';
export { generateTestPki, type TestPki } from './certs';
export { freePort } from './free-port';
