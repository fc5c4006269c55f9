import { describe, expect, it } from "vitest";
import { ConfigKeyError, configKeyringFrom } from "../../../workers/core/secrets/config-keyring.ts";
import { envelopeKeyId, openSecret, sealSecret } from "../../../workers/core/secrets/secret-envelope.ts";

/** base64 of 32 bytes, each `fill`. */
const keyOf = (fill: number) => btoa(String.fromCharCode(...new Uint8Array(32).fill(fill)));

async function keyring(current: string, previous?: string) {
  const ring = await configKeyringFrom({
    SWITCHYARD_ENCRYPTION_KEY: current,
    ...(previous === undefined ? {} : { SWITCHYARD_ENCRYPTION_KEY_PREVIOUS: previous }),
  });
  if (ring === undefined) throw new Error("no keyring");
  return ring;
}

describe("secret envelopes", () => {
  it("round-trips, never seals the same secret alike, and keeps the plaintext out of the envelope", async () => {
    const ring = await keyring(keyOf(1));
    const first = await sealSecret("sk-canary-0123456789", ring.current);
    const second = await sealSecret("sk-canary-0123456789", ring.current);
    expect(first).toMatch(/^enc:v1:[0-9a-f]{8}:[A-Za-z0-9_-]+$/);
    expect(first).not.toBe(second);
    expect(first).not.toContain("canary");
    expect(await openSecret(first, ring)).toEqual({
      ok: true,
      plaintext: "sk-canary-0123456789",
      keyId: ring.current.id,
    });
    expect((await openSecret(second, ring)).ok).toBe(true);
  });

  it("carries a 96-bit IV: the payload is 12 bytes of IV, the ciphertext and a 16-byte tag", async () => {
    const ring = await keyring(keyOf(1));
    const envelope = await sealSecret("abc", ring.current);
    const payload = envelope.split(":")[3] ?? "";
    const bytes = atob(payload.replace(/-/g, "+").replace(/_/g, "/")).length;
    expect(bytes).toBe(12 + 3 + 16);
  });

  it("names its key by id, which differs per key and never reveals it", async () => {
    const one = await keyring(keyOf(1));
    const two = await keyring(keyOf(2));
    expect(one.current.id).not.toBe(two.current.id);
    expect(envelopeKeyId(await sealSecret("x", one.current))).toBe(one.current.id);
    expect(envelopeKeyId("sk-plain")).toBeUndefined();
  });

  it("refuses to open with no key, an unknown key, a flipped bit or a swapped header", async () => {
    const one = await keyring(keyOf(1));
    const two = await keyring(keyOf(2));
    const envelope = await sealSecret("secret-value", one.current);
    expect(await openSecret(envelope, undefined)).toEqual({ ok: false, reason: "no_key" });
    expect(await openSecret(envelope, two)).toEqual({ ok: false, reason: "unknown_key" });

    const [prefix, version, keyId, payload = ""] = envelope.split(":");
    const last = payload.at(-2) === "A" ? "B" : "A";
    const tampered = `${prefix}:${version}:${keyId}:${payload.slice(0, -2)}${last}${payload.at(-1)}`;
    expect(await openSecret(tampered, one)).toEqual({ ok: false, reason: "corrupt" });

    // The same ciphertext presented under another key id does not open, even with that key at hand.
    const both = await keyring(keyOf(2), keyOf(1));
    const relabelled = `${prefix}:${version}:${two.current.id}:${payload}`;
    expect(await openSecret(relabelled, both)).toEqual({ ok: false, reason: "corrupt" });
  });

  it("rejects malformed envelopes without throwing", async () => {
    const ring = await keyring(keyOf(1));
    for (const text of ["enc:v1:", "enc:v1:abcd", "enc:v1:abcd:!!!", "enc:v1:abcd:AAAA", "enc:v1:a:b:c"]) {
      expect(await openSecret(text, ring), text).toEqual({ ok: false, reason: "malformed" });
    }
  });

  it("opens envelopes of the previous key during a rotation", async () => {
    const old = await keyring(keyOf(1));
    const envelope = await sealSecret("rotated", old.current);
    const rotated = await keyring(keyOf(2), keyOf(1));
    expect(await openSecret(envelope, rotated)).toMatchObject({
      ok: true,
      plaintext: "rotated",
      keyId: old.current.id,
    });
  });
});

describe("configKeyringFrom", () => {
  it("is undefined without a key, and for an empty one", async () => {
    expect(await configKeyringFrom({})).toBeUndefined();
    expect(await configKeyringFrom({ SWITCHYARD_ENCRYPTION_KEY: "  " })).toBeUndefined();
  });

  it("rejects keys that are not 32 bytes of base64 with a message that never repeats the value", async () => {
    for (const value of ["too-short-but-valid-base64", btoa("x".repeat(16)), "not base64 at all!"]) {
      const error = await configKeyringFrom({ SWITCHYARD_ENCRYPTION_KEY: value }).then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
      expect(error, value).toBeInstanceOf(ConfigKeyError);
      expect(String(error)).toContain("SWITCHYARD_ENCRYPTION_KEY must be the base64 of 32 random bytes");
      expect(String(error)).not.toContain(value);
    }
  });

  it("accepts the base64url alphabet too", async () => {
    const standard = await keyring(keyOf(0xfb));
    const urlSafe = await keyring(keyOf(0xfb).replace(/\+/g, "-").replace(/\//g, "_"));
    expect(urlSafe.current.id).toBe(standard.current.id);
  });
});
