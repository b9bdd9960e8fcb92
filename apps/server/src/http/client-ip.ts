import { BlockList, isIP } from 'node:net';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/** Who sent a request, as far as the server can tell. */
export interface ClientIp {
  /** The client's address (IPv4 dotted, IPv6 in canonical compressed form); `unknown` if the socket is gone. */
  address: string;
  /**
   * What per-client limits count by: the IPv4 address, or an IPv6 address's /64 prefix
   * (one household or host is handed a whole /64 and can pick any address in it).
   */
  key: string;
}

/**
 * Parses one address as it appears in a socket's `remoteAddress` or an `X-Forwarded-For`
 * entry: `1.2.3.4`, `1.2.3.4:5678`, `2001:db8::1`, `[2001:db8::1]`, `[2001:db8::1]:443`, a zone
 * id (`fe80::1%eth0`) is dropped. IPv4-mapped IPv6 (`::ffff:1.2.3.4`) becomes the IPv4
 * address. Anything else (`unknown`, obfuscated names, garbage) gives undefined.
 */
export function parseIp(value: string): string | undefined {
  let text = value.trim();
  if (text.length === 0 || text.length > 64) return undefined;
  const withPort = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(text) ?? /^([\d.]+):(\d{1,5})$/.exec(text);
  if (withPort) {
    if (withPort[2] !== undefined && Number(withPort[2]) > 65535) return undefined;
    text = withPort[1]!;
  }
  const zone = text.indexOf('%');
  if (zone !== -1) text = text.slice(0, zone);
  const family = isIP(text);
  if (family === 4) return text;
  if (family !== 6) return undefined;
  const groups = ipv6Groups(text);
  if (isIpv4Mapped(groups)) return `${groups[6]! >> 8}.${groups[6]! & 0xff}.${groups[7]! >> 8}.${groups[7]! & 0xff}`;
  return compressIpv6(groups);
}

/** The key per-client limits count by: IPv4 as is, IPv6 by its /64 prefix. */
export function limitKey(address: string): string {
  if (isIP(address) !== 6) return address;
  return `${compressIpv6([...ipv6Groups(address).slice(0, 4), 0, 0, 0, 0])}/64`;
}

/**
 * Decides which address a request came from. The socket's peer is the client, unless the
 * peer is one of `trustedProxies` (addresses or CIDR ranges): then `X-Forwarded-For` is read
 * from the right (each proxy appends the address it received the request from), skipping
 * the entries that are themselves trusted proxies and those that are not addresses, and the
 * first address left is the client. Entries further left were written by the client and
 * are never believed. If every entry is a trusted proxy the left-most one is the client;
 * without a usable entry, the peer.
 */
export class ClientIpResolver {
  readonly #trusted = new BlockList();
  readonly #hasTrusted: boolean;

  constructor(trustedProxies: readonly string[]) {
    for (const entry of trustedProxies) {
      const [address = '', prefix] = entry.split('/');
      const ip = parseIp(address);
      if (ip === undefined) throw new Error(`not an IP address or CIDR range: ${entry}`);
      const family = isIP(ip) === 4 ? 'ipv4' : 'ipv6';
      if (prefix === undefined) {
        this.#trusted.addAddress(ip, family);
      } else {
        let bits = Number(prefix);
        // `::ffff:10.0.0.0/104` is the IPv4 range 10.0.0.0/8 once mapped addresses are normalised.
        if (family === 'ipv4' && isIP(address) === 6) bits -= 96;
        this.#trusted.addSubnet(ip, Math.max(0, bits), family);
      }
    }
    this.#hasTrusted = trustedProxies.length > 0;
  }

  isTrusted(address: string): boolean {
    return this.#hasTrusted && this.#trusted.check(address, isIP(address) === 4 ? 'ipv4' : 'ipv6');
  }

  /** The client's address from the socket's peer address and the `X-Forwarded-For` header. */
  resolve(peer: string | undefined, forwardedFor: string | undefined): string | undefined {
    const peerIp = peer === undefined ? undefined : parseIp(peer);
    if (peerIp === undefined || forwardedFor === undefined || !this.isTrusted(peerIp)) return peerIp;
    let leftmost: string | undefined;
    const entries = forwardedFor.split(',');
    for (let i = entries.length - 1; i >= 0; i--) {
      const ip = parseIp(entries[i]!);
      if (ip === undefined) continue;
      if (!this.isTrusted(ip)) return ip;
      leftmost = ip;
    }
    return leftmost ?? peerIp;
  }

  /** The client of a request handled by `@hono/node-server` (plain requests and websocket upgrades alike). */
  of(c: Context): ClientIp {
    let peer: string | undefined;
    try {
      peer = getConnInfo(c).remote.address;
    } catch {
      // No Node socket behind this request (e.g. `app.request()` in a test).
    }
    const address = this.resolve(peer, c.req.header('x-forwarded-for')) ?? 'unknown';
    return { address, key: limitKey(address) };
  }
}

/** The eight 16-bit groups of a valid IPv6 address (with an embedded IPv4 tail, if any). */
function ipv6Groups(address: string): number[] {
  // An embedded IPv4 tail (`::ffff:1.2.3.4`) is the last two groups written in decimal.
  const text = address.toLowerCase().replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_all, a: string, b: string, c: string, d: string) =>
    `${((Number(a) << 8) | Number(b)).toString(16)}:${((Number(c) << 8) | Number(d)).toString(16)}`,
  );
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)));
  const [head = '', tail] = text.split('::');
  const left = parse(head);
  if (tail === undefined) return left;
  const right = parse(tail);
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}

function isIpv4Mapped(groups: readonly number[]): boolean {
  return groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff;
}

/** RFC 5952 text: lower case, no leading zeros, the longest run (≥ 2) of zero groups as `::`. */
function compressIpv6(groups: readonly number[]): string {
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestStart === -1) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}
