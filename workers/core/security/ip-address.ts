/**
 * IP literals as bytes. Inputs are URL hostnames, which the WHATWG URL parser has already canonicalised:
 * `http://2130706433/`, `http://0x7f.1/` and `http://0177.0.0.1/` all arrive here as `127.0.0.1`, and IPv6
 * arrives bracketed and compressed (`[::ffff:7f00:1]`). The IPv6 parser still accepts every textual form
 * (RFC 4291 §2.2, including a trailing dotted IPv4), so nothing depends on how the caller got its string.
 */
export type IpAddress = { version: 4; bytes: Uint8Array } | { version: 6; bytes: Uint8Array };

const DECIMAL_OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const HEX_GROUP = /^[0-9a-f]{1,4}$/i;

/** Strict dotted-quad decimal, the only IPv4 form a canonical URL hostname has. */
export function parseIpv4(text: string): Uint8Array | undefined {
  const parts = text.split(".");
  if (parts.length !== 4 || !parts.every((part) => DECIMAL_OCTET.test(part))) return undefined;
  return Uint8Array.from(parts, Number);
}

/** Hex groups; a dotted IPv4 may only end the whole address (`endsAddress`). */
function parseGroups(text: string, endsAddress: boolean): number[] | undefined {
  if (text === "") return [];
  const groups: number[] = [];
  const parts = text.split(":");
  for (const [index, part] of parts.entries()) {
    if (endsAddress && index === parts.length - 1 && part.includes(".")) {
      const ipv4 = parseIpv4(part);
      if (ipv4 === undefined) return undefined;
      groups.push(((ipv4[0] ?? 0) << 8) | (ipv4[1] ?? 0), ((ipv4[2] ?? 0) << 8) | (ipv4[3] ?? 0));
    } else if (HEX_GROUP.test(part)) {
      groups.push(Number.parseInt(part, 16));
    } else {
      return undefined;
    }
  }
  return groups;
}

/** Any RFC 4291 text form, with or without brackets; a zone id (`%eth0`) is refused, as URLs do. */
export function parseIpv6(text: string): Uint8Array | undefined {
  const bare = text.startsWith("[") && text.endsWith("]") ? text.slice(1, -1) : text;
  if (!bare.includes(":") || bare.includes("%")) return undefined;
  const halves = bare.split("::");
  if (halves.length > 2) return undefined;
  const head = parseGroups(halves[0] ?? "", halves.length === 1);
  const tail = halves.length === 2 ? parseGroups(halves[1] ?? "", true) : [];
  if (head === undefined || tail === undefined) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const groups = [...head, ...new Array<number>(missing).fill(0), ...tail];
  const bytes = new Uint8Array(16);
  groups.forEach((group, index) => {
    bytes[index * 2] = group >> 8;
    bytes[index * 2 + 1] = group & 0xff;
  });
  return bytes;
}

export function parseIpAddress(hostname: string): IpAddress | undefined {
  const ipv4 = parseIpv4(hostname);
  if (ipv4 !== undefined) return { version: 4, bytes: ipv4 };
  const ipv6 = parseIpv6(hostname);
  return ipv6 === undefined ? undefined : { version: 6, bytes: ipv6 };
}

/** Whether the first `prefixLength` bits of `bytes` equal those of `prefix`. */
export function hasPrefix(bytes: Uint8Array, prefix: readonly number[], prefixLength: number): boolean {
  for (let bit = 0; bit < prefixLength; bit += 8) {
    const remaining = Math.min(8, prefixLength - bit);
    const mask = (0xff << (8 - remaining)) & 0xff;
    const index = bit / 8;
    if (((bytes[index] ?? 0) & mask) !== ((prefix[index] ?? 0) & mask)) return false;
  }
  return true;
}
