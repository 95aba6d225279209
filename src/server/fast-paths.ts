// The verification hot paths. nginx calls `/keyward/v1/authenticate` once for every request it
// lets through, and a service verifying on its clients' behalf calls `POST /keyward/v1/verify` as
// often, so both are answered by Node's HTTP server directly, before Fastify builds its request,
// reply, child logger and hook chain: measured by B1 (bench/README.md), that machinery cost more
// than the verification itself. Everything else goes to Fastify unchanged.
//
// Fastify keeps both endpoints when the log level would record each request (info or lower), so
// those logs stay complete. An endpoint may also leave a request to Fastify: the verify endpoint
// (routes/keyward-verify-fast.ts) leaves it the bodies it does not read itself.
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import proxyAddr from '@fastify/proxy-addr';
import type { FastifyServerFactory } from 'fastify';
import type { RawEndpoint } from './raw-endpoint.js';
import type { TrustProxy } from './trusted-proxies.js';

/** The server settings Fastify applies itself when it makes the server (after its defaults). */
interface ServerSettings {
  http?: object;
  keepAliveTimeout?: number;
  requestTimeout?: number;
  connectionTimeout?: number;
  maxRequestsPerSocket?: number;
}

export class FastPaths {
  private endpoints: readonly RawEndpoint[] = [];
  private readonly clientAddress: (request: IncomingMessage) => string | undefined;

  /** `trustProxy`: the function keyward gives Fastify too, so addresses come out as `request.ip`'s. */
  constructor(trustProxy: TrustProxy | undefined) {
    if (trustProxy === undefined) {
      this.clientAddress = (request) => request.socket.remoteAddress;
    } else {
      this.clientAddress = (request) => proxyAddr(request, trustProxy);
    }
  }

  /** Starts answering these endpoints ahead of Fastify (once the app's dependencies exist). */
  enable(...endpoints: RawEndpoint[]): void {
    this.endpoints = endpoints;
  }

  /** Fastify's `serverFactory`: its own HTTP server, with this path in front of its handler. */
  readonly serverFactory: FastifyServerFactory = (fastifyHandler, fastifyOptions): Server => {
    const options = fastifyOptions as ServerSettings;
    const listener: RequestListener = (request: IncomingMessage, response: ServerResponse) => {
      for (const endpoint of this.endpoints) {
        if (endpoint.matches(request)) {
          endpoint.handle(request, response, randomUUID(), this.clientAddress(request));
          return;
        }
      }
      fastifyHandler(request, response);
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
