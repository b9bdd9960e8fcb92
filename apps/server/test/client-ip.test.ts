import { describe, expect, it } from 'vitest';
import { ClientIpResolver, limitKey, parseIp } from '../src/http/client-ip.ts';

describe('parseIp', () => {
  it.each([
    ['1.2.3.4', '1.2.3.4'],
    [' 1.2.3.4 ', '1.2.3.4'],
    ['1.2.3.4:5678', '1.2.3.4'],
    ['2001:db8::1', '2001:db8::1'],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['2001:0db8:0000:0000:0001:0000:0000:0001', '2001:db8::1:0:0:1'],
    ['[2001:db8::1]', '2001:db8::1'],
    ['[2001:db8::1]:443', '2001:db8::1'],
    ['fe80::1%eth0', 'fe80::1'],
    ['::1', '::1'],
    ['::', '::'],
    // IPv4-mapped IPv6, as a dual-stack socket reports IPv4 peers.
    ['::ffff:1.2.3.4', '1.2.3.4'],
    ['::FFFF:102:304', '1.2.3.4'],
    ['[::ffff:10.0.0.7]:80', '10.0.0.7'],
    // Not mapped: IPv4-compatible and NAT64 addresses stay IPv6.
    ['::1.2.3.4', '::102:304'],
    ['64:ff9b::1.2.3.4', '64:ff9b::102:304'],
  ])('%s → %s', (input, expected) => {
    expect(parseIp(input)).toBe(expected);
  });

  it.each([[''], ['unknown'], ['_hidden'], ['1.2.3'], ['01.2.3.4'], ['1.2.3.256'], ['1.2.3.4:99999'], ['2001:db8::1:80:'], ['[1.2.3.4'], ['::ffff:1.2.3.4.5'], ['localhost'], ['1.2.3.4, 5.6.7.8'], ['x'.repeat(100)]])(
    'refuses %j',
    (input) => {
      expect(parseIp(input)).toBeUndefined();
    },
  );
});

describe('limitKey', () => {
  it.each([
    ['1.2.3.4', '1.2.3.4'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:db8:1:2:ffff::1', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8::/64'],
    ['::1', '::/64'],
    ['unknown', 'unknown'],
  ])('%s → %s', (address, key) => {
    expect(limitKey(address)).toBe(key);
  });
});

describe('ClientIpResolver', () => {
  const proxies = ['127.0.0.1', '10.0.0.0/8', 'fd00::/8', '::ffff:192.168.0.0/112'];
  const resolver = new ClientIpResolver(proxies);

  it.each<[string, string | undefined, string | undefined, string | undefined]>([
    // [case, peer, X-Forwarded-For, client]
    ['an untrusted peer is the client', '203.0.113.9', undefined, '203.0.113.9'],
    ["an untrusted peer's X-Forwarded-For is ignored", '203.0.113.9', '198.51.100.1', '203.0.113.9'],
    ['a mapped untrusted peer is normalised', '::ffff:203.0.113.9', '198.51.100.1', '203.0.113.9'],
    ['a trusted peer without X-Forwarded-For is the client', '127.0.0.1', undefined, '127.0.0.1'],
    ['a trusted peer: the forwarded address', '127.0.0.1', '198.51.100.1', '198.51.100.1'],
    ['a mapped trusted peer', '::ffff:127.0.0.1', '198.51.100.1', '198.51.100.1'],
    ['the right-most entry, not what the client wrote on the left', '127.0.0.1', '1.1.1.1, 198.51.100.1', '198.51.100.1'],
    ['trusted hops are skipped', '10.1.1.1', '1.1.1.1, 198.51.100.1, 10.2.2.2, 10.3.3.3', '198.51.100.1'],
    ['an IPv6 trusted range', 'fd12::1', '2001:db8::7', '2001:db8::7'],
    ['an IPv4 range given as mapped IPv6', '192.168.4.5', '198.51.100.1', '198.51.100.1'],
    ['malformed entries are skipped', '127.0.0.1', '1.1.1.1, 198.51.100.1, garbage, , unknown', '198.51.100.1'],
    ['ports and brackets are dropped', '127.0.0.1', '[2001:db8::5]:4711', '2001:db8::5'],
    ['forwarded mapped IPv6 is normalised', '127.0.0.1', '::ffff:198.51.100.1', '198.51.100.1'],
    ['every entry trusted: the left-most', '127.0.0.1', '10.0.0.5, 10.0.0.6', '10.0.0.5'],
    ['nothing usable: the peer', '127.0.0.1', 'garbage, ;;, unknown', '127.0.0.1'],
    ['an empty header: the peer', '127.0.0.1', '', '127.0.0.1'],
    ['a huge header of junk', '127.0.0.1', `${'x,'.repeat(5000)}198.51.100.1`, '198.51.100.1'],
    ['no peer address (socket gone)', undefined, '198.51.100.1', undefined],
  ])('%s', (_case, peer, forwardedFor, client) => {
    expect(resolver.resolve(peer, forwardedFor)).toBe(client);
  });

  it('trusts nobody by default', () => {
    const none = new ClientIpResolver([]);
    expect(none.isTrusted('127.0.0.1')).toBe(false);
    expect(none.resolve('127.0.0.1', '198.51.100.1')).toBe('127.0.0.1');
  });

  it('refuses a trusted entry that is not an address', () => {
    expect(() => new ClientIpResolver(['proxy.local'])).toThrow(/proxy\.local/);
  });
});
