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
import { BoundedLru } from '../core/bounded-lru.js';
import type { RawEndpoint } from './raw-endpoint.js';

// Most addresses whose trust is remembered: a proxy's few, and the clients it names.
const REMEMBERED_ADDRESSES = 4096;
// Longer than any IP address (an IPv6 address with an embedded IPv4 one and a zone): asked
// about, but not remembered, so that the memory stays small whatever a header carries.
const LONGEST_REMEMBERED = 64;

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

  /** `trustProxy`: Fastify's option as keyward passes it, so addresses come out as `request.ip`'s. */
  constructor(trustProxy: string | undefined) {
    if (trustProxy === undefined) {
      this.clientAddress = (request) => request.socket.remoteAddress;
    } else {
      const trusted = rememberTrust(proxyAddr.compile(trustProxy.split(',').map((address) => address.trim())));
      this.clientAddress = (request) => proxyAddr(request, trusted);
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

/**
 * The compiled trust of a list of addresses, remembered per address. proxy-addr parses each
 * address it is asked about with ipaddr.js, twice per request behind one proxy (the peer, then
 * the address it forwards), and that cost keyward's authenticate 1.5–2 µs of the 22 µs of CPU
 * it takes behind nginx (bench/cpu-per-request.ts nginx). A list's trust depends on the address
 * alone, not on its position in the chain, so the answer can be kept; the memory is bounded
 * because X-Forwarded-For may carry anything a client put there.
 */
function rememberTrust(trust: (address: string, hop: number) => boolean): (address: string, hop: number) => boolean {
  const known = new BoundedLru<boolean>(REMEMBERED_ADDRESSES);
  return (address, hop) => {
    if (address.length > LONGEST_REMEMBERED) return trust(address, hop);
    let trusted = known.get(address);
    if (trusted === undefined) {
      trusted = trust(address, hop);
      known.set(address, trusted);
    }
    return trusted;
  };
}
