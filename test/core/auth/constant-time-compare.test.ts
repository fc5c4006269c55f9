import { describe, expect, it } from "vitest";
import { bytesEqualInConstantTime, digestsEqual, sha256Bytes } from "../../../workers/core/auth/hash-key.ts";

/** A byte array that counts how many of its elements were read. */
function counting(bytes: Uint8Array): { view: ArrayLike<number>; reads: () => number } {
  let reads = 0;
  const view = new Proxy(bytes, {
    get(target, property) {
      if (typeof property === "string" && /^\d+$/.test(property)) reads++;
      return Reflect.get(target, property);
    },
  });
  return { view, reads: () => reads };
}

function withByteFlipped(bytes: Uint8Array<ArrayBuffer>, index: number): Uint8Array<ArrayBuffer> {
  const copy = bytes.slice();
  copy[index] = (copy[index] ?? 0) ^ 0x01;
  return copy;
}

describe("digestsEqual", () => {
  it("is true only for the same digest", async () => {
    const digest = await sha256Bytes("sk-master-0123456789");
    expect(digestsEqual(digest, await sha256Bytes("sk-master-0123456789"))).toBe(true);
    expect(digestsEqual(digest, await sha256Bytes("sk-master-012345678"))).toBe(false);
    expect(digestsEqual(digest, await sha256Bytes("sk-master-0123456789 "))).toBe(false);
  });

  it("is false for a difference in the first byte, the last byte, or the length", async () => {
    const digest = new Uint8Array(await sha256Bytes("key"));
    expect(digestsEqual(digest.buffer, withByteFlipped(digest, 0).buffer)).toBe(false);
    expect(digestsEqual(digest.buffer, withByteFlipped(digest, 31).buffer)).toBe(false);
    expect(digestsEqual(digest.buffer, digest.slice(0, 31).buffer)).toBe(false);
  });
});

describe("bytesEqualInConstantTime (the portable fallback)", () => {
  const reference = Uint8Array.from({ length: 32 }, (_, index) => index * 7);

  it("gives the right answers", () => {
    expect(bytesEqualInConstantTime(reference, reference.slice())).toBe(true);
    expect(bytesEqualInConstantTime(reference, withByteFlipped(reference, 0))).toBe(false);
    expect(bytesEqualInConstantTime(reference, withByteFlipped(reference, 31))).toBe(false);
    expect(bytesEqualInConstantTime(reference, reference.slice(0, 16))).toBe(false);
  });

  it("reads every byte whether the inputs differ at the start, the end, or not at all", () => {
    const readsFor = (other: Uint8Array) => {
      const left = counting(reference);
      const right = counting(other);
      bytesEqualInConstantTime(left.view, right.view);
      return [left.reads(), right.reads()];
    };
    const equal = readsFor(reference.slice());
    expect(equal).toEqual([32, 32]);
    expect(readsFor(withByteFlipped(reference, 0))).toEqual(equal);
    expect(readsFor(withByteFlipped(reference, 1))).toEqual(equal);
    expect(readsFor(withByteFlipped(reference, 31))).toEqual(equal);
    expect(readsFor(new Uint8Array(32).fill(0xff))).toEqual(equal);
  });
});
