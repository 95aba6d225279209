// Which peers may name the client in X-Forwarded-For (KEYWARD_TRUST_PROXY), as one function that
// Fastify (`trustProxy`, for `request.ip` on every route) and the fast paths (fast-paths.ts)
// both ask, so that both read the same client address.
import proxyAddr from '@fastify/proxy-addr';
import { BoundedLru } from '../core/bounded-lru.js';

/** Fastify's `trustProxy` function form: whether the address at `hop` (0: the peer) is a trusted proxy. */
export type TrustProxy = (address: string, hop: number) => boolean;

// Most addresses whose trust is remembered: a proxy's few, and the clients it names.
const REMEMBERED_ADDRESSES = 4096;
// Longer than any IP address (an IPv6 address with an embedded IPv4 one and a zone): asked
// about, but not remembered, so that the memory stays small whatever a header carries.
const LONGEST_REMEMBERED = 64;

/**
 * The proxies of a comma-separated list of addresses and CIDRs, compiled as Fastify compiles the
 * same string, with each answer remembered per address. proxy-addr parses every address it is
 * asked about with ipaddr.js, twice per request behind one proxy (the peer, then the address it
 * forwards), and that cost keyward's authenticate 1.5–2 µs of the 22 µs of CPU it takes behind
 * nginx (bench/cpu-per-request.ts nginx). A list's trust depends on the address alone, not on
 * its position in the chain, so the answer can be kept; the memory is bounded because
 * X-Forwarded-For may carry anything a client put there.
 */
export function trustedProxies(list: string): TrustProxy {
  const trust = proxyAddr.compile(list.split(',').map((address) => address.trim()));
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
