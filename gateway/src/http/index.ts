export { HttpServer, type HttpServerOptions, type MountedHandler } from './server';
