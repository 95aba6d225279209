// The proxies' hot path. nginx calls `/keyward/v1/authenticate` once for every request it lets
// through, so that endpoint is answered by Node's HTTP server directly, before Fastify builds its
// request, reply, child logger and hook chain: measured by B1 (bench/README.md), that machinery
// cost more than the verification itself. Everything else goes to Fastify unchanged.
//
// The endpoint is the same function either way (routes/keyward-authenticate.ts). Fastify keeps it
// when the log level would record each request (info or lower), so those logs stay complete.
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import proxyAddr from '@fastify/proxy-addr';
import type { FastifyServerFactory } from 'fastify';
import type { AuthenticateEndpoint } from './routes/keyward-authenticate.js';

/** The server settings Fastify applies itself when it makes the server (after its defaults). */
interface ServerSettings {
  http?: object;
  keepAliveTimeout?: number;
  requestTimeout?: number;
  connectionTimeout?: number;
  maxRequestsPerSocket?: number;
}

export class AuthenticateFastPath {
  private endpoint: AuthenticateEndpoint | undefined;
  private readonly clientAddress: (request: IncomingMessage) => string | undefined;

  /** `trustProxy`: Fastify's option as keyward passes it, so addresses come out as `request.ip`'s. */
  constructor(trustProxy: string | undefined) {
    if (trustProxy === undefined) {
      this.clientAddress = (request) => request.socket.remoteAddress;
    } else {
      const trusted = proxyAddr.compile(trustProxy.split(',').map((address) => address.trim()));
      this.clientAddress = (request) => proxyAddr(request, trusted);
    }
  }

  /** Starts answering the endpoint ahead of Fastify (once the app's dependencies exist). */
  enable(endpoint: AuthenticateEndpoint): void {
    this.endpoint = endpoint;
  }

  /** Fastify's `serverFactory`: its own HTTP server, with this path in front of its handler. */
  readonly serverFactory: FastifyServerFactory = (fastifyHandler, fastifyOptions): Server => {
    const options = fastifyOptions as ServerSettings;
    const listener: RequestListener = (request: IncomingMessage, response: ServerResponse) => {
      const endpoint = this.endpoint;
      if (endpoint !== undefined && endpoint.matches(request)) {
        endpoint.handle(request, response, randomUUID(), this.clientAddress(request));
      } else {
        fastifyHandler(request, response);
      }
    };
    // What Fastify sets on the HTTP server it makes when it is given no factory.
    const server = createServer(options.http ?? {}, listener);
    if (options.keepAliveTimeout !== undefined) server.keepAliveTimeout = options.keepAliveTimeout;
    if (options.requestTimeout !== undefined) server.requestTimeout = options.requestTimeout;
    if (options.connectionTimeout !== undefined) server.setTimeout(options.connectionTimeout);
    if (options.maxRequestsPerSocket) server.maxRequestsPerSocket = options.maxRequestsPerSocket;
    return server;
  };
}
