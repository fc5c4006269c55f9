/**
 * CRC-32 (IEEE 802.3, the "GZIP CRC32"), which AWS event-stream framing uses
 * for both its prelude and message checksums
 * (https://docs.aws.amazon.com/lexv2/latest/dg/event-stream-encoding.html).
 * Table-driven; the table is built on first use.
 */
let table: Uint32Array | undefined;

function crcTable(): Uint32Array {
  if (table !== undefined) return table;
  const built = new Uint32Array(256);
  for (let index = 0; index < 256; index++) {
    let value = index;
    for (let bit = 0; bit < 8; bit++) value = value & 1 ? 0xedb88320 ^ (value >>> 1) : value >>> 1;
    built[index] = value >>> 0;
  }
  table = built;
  return built;
}

/** The unsigned CRC-32 of `bytes`; pass a previous result as `crc` to continue over more bytes. */
export function crc32(bytes: Uint8Array, crc = 0): number {
  const lookup = crcTable();
  let value = ~crc >>> 0;
  for (const byte of bytes) value = (lookup[(value ^ byte) & 0xff] ?? 0) ^ (value >>> 8);
  return ~value >>> 0;
}
