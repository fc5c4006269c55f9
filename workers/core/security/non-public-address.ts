import { hasPrefix, type IpAddress } from "./ip-address.ts";

/** Why an address is not a public internet destination; each is a rule of the outbound URL policy. */
export type NonPublicAddressKind =
  | "loopback"
  | "private"
  | "link-local"
  | "cgnat"
  | "unspecified"
  | "multicast"
  | "reserved";

export interface NonPublicAddress {
  kind: NonPublicAddressKind;
  /** The range it falls in, in CIDR notation, for error messages. */
  range: string;
}

interface Range {
  prefix: readonly number[];
  length: number;
  kind: NonPublicAddressKind;
  range: string;
}

/** IANA IPv4 Special-Purpose Address Registry (RFC 6890), the blocks that must not be reached from a gateway. */
const IPV4_RANGES: readonly Range[] = [
  { prefix: [0], length: 8, kind: "unspecified", range: "0.0.0.0/8" },
  { prefix: [10], length: 8, kind: "private", range: "10.0.0.0/8" },
  { prefix: [100, 64], length: 10, kind: "cgnat", range: "100.64.0.0/10" },
  { prefix: [127], length: 8, kind: "loopback", range: "127.0.0.0/8" },
  // Includes 169.254.169.254, the metadata endpoint of AWS, GCP, Azure and others.
  { prefix: [169, 254], length: 16, kind: "link-local", range: "169.254.0.0/16" },
  { prefix: [172, 16], length: 12, kind: "private", range: "172.16.0.0/12" },
  { prefix: [192, 0, 0], length: 24, kind: "reserved", range: "192.0.0.0/24" },
  { prefix: [192, 0, 2], length: 24, kind: "reserved", range: "192.0.2.0/24" },
  { prefix: [192, 168], length: 16, kind: "private", range: "192.168.0.0/16" },
  { prefix: [198, 18], length: 15, kind: "reserved", range: "198.18.0.0/15" },
  { prefix: [198, 51, 100], length: 24, kind: "reserved", range: "198.51.100.0/24" },
  { prefix: [203, 0, 113], length: 24, kind: "reserved", range: "203.0.113.0/24" },
  { prefix: [224], length: 4, kind: "multicast", range: "224.0.0.0/4" },
  // Includes 255.255.255.255, the limited broadcast address.
  { prefix: [240], length: 4, kind: "reserved", range: "240.0.0.0/4" },
];

/** IANA IPv6 Special-Purpose Address Registry, minus the blocks that embed an IPv4 address (handled below). */
const IPV6_RANGES: readonly Range[] = [
  { prefix: [0x01, 0x00, 0, 0, 0, 0, 0, 0], length: 64, kind: "reserved", range: "100::/64" },
  { prefix: [0x00, 0x64, 0xff, 0x9b, 0x00, 0x01], length: 48, kind: "private", range: "64:ff9b:1::/48" },
  { prefix: [0x20, 0x01, 0x0d, 0xb8], length: 32, kind: "reserved", range: "2001:db8::/32" },
  { prefix: [0xfc], length: 7, kind: "private", range: "fc00::/7" },
  { prefix: [0xfe, 0x80], length: 10, kind: "link-local", range: "fe80::/10" },
  // Site-local, deprecated by RFC 3879 but still routed inside some networks.
  { prefix: [0xfe, 0xc0], length: 10, kind: "private", range: "fec0::/10" },
  { prefix: [0xff], length: 8, kind: "multicast", range: "ff00::/8" },
];

const IPV4_MAPPED = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];
const NAT64 = [0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0];
const SIX_TO_FOUR = [0x20, 0x02];

function findRange(bytes: Uint8Array, ranges: readonly Range[]): NonPublicAddress | undefined {
  const match = ranges.find((range) => hasPrefix(bytes, range.prefix, range.length));
  return match === undefined ? undefined : { kind: match.kind, range: match.range };
}

/**
 * The IPv4 address an IPv6 one carries, when it reaches that IPv4 host: IPv4-mapped (`::ffff:a.b.c.d`),
 * IPv4-compatible (`::a.b.c.d`, deprecated), NAT64 (`64:ff9b::a.b.c.d`) and 6to4 (`2002:aabb:ccdd::`).
 */
function embeddedIpv4(bytes: Uint8Array): Uint8Array | undefined {
  if (hasPrefix(bytes, IPV4_MAPPED, 96) || hasPrefix(bytes, NAT64, 96)) return bytes.slice(12);
  if (hasPrefix(bytes, [], 96)) return bytes.slice(12);
  if (hasPrefix(bytes, SIX_TO_FOUR, 16)) return bytes.slice(2, 6);
  return undefined;
}

/** The special-purpose range an address is in, or undefined for a public unicast address. */
export function nonPublicAddress(address: IpAddress): NonPublicAddress | undefined {
  if (address.version === 4) return findRange(address.bytes, IPV4_RANGES);
  const bytes = address.bytes;
  if (bytes.every((byte) => byte === 0)) return { kind: "unspecified", range: "::/128" };
  if (bytes.slice(0, 15).every((byte) => byte === 0) && bytes[15] === 1) return { kind: "loopback", range: "::1/128" };
  const ipv4 = embeddedIpv4(bytes);
  if (ipv4 !== undefined) return findRange(ipv4, IPV4_RANGES);
  return findRange(bytes, IPV6_RANGES);
}
