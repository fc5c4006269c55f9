import type { ConfigKey, ConfigKeyring } from "./config-keyring.ts";

/**
 * A sealed secret: `enc:v1:<key id>:<base64url of IV ‖ AES-256-GCM ciphertext and tag>`. A fresh random
 * 96-bit IV per seal (NIST SP 800-38D §8.2.2), so equal secrets never seal alike; the `enc:v1:<key id>`
 * header is authenticated as additional data, so it cannot be swapped. Plain text in YAML and JSON.
 */
export const ENVELOPE_PREFIX = "enc:v1:";

const IV_BYTES = 12;
const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

export type OpenedSecret =
  | { ok: true; plaintext: string; keyId: string }
  | { ok: false; reason: "malformed" | "no_key" | "unknown_key" | "corrupt" };

export function isSealed(value: string): boolean {
  return value.startsWith(ENVELOPE_PREFIX);
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return undefined;
  try {
    return Uint8Array.from(atob(text.replace(/-/g, "+").replace(/_/g, "/")), (character) => character.charCodeAt(0));
  } catch {
    return undefined;
  }
}

export async function sealSecret(plaintext: string, key: ConfigKey): Promise<string> {
  const header = `${ENVELOPE_PREFIX}${key.id}`;
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const ciphertext = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: encoder.encode(header) },
    key.key,
    encoder.encode(plaintext),
  );
  const sealed = new Uint8Array(IV_BYTES + ciphertext.byteLength);
  sealed.set(iv);
  sealed.set(new Uint8Array(ciphertext), IV_BYTES);
  return `${header}:${toBase64Url(sealed)}`;
}

/** The id of the key an envelope was sealed with, or undefined when it is not an envelope. */
export function envelopeKeyId(value: string): string | undefined {
  if (!isSealed(value)) return undefined;
  const keyId = value.slice(ENVELOPE_PREFIX.length).split(":", 1)[0];
  return keyId === undefined || keyId === "" ? undefined : keyId;
}

/** Opens an envelope with whichever key of the ring sealed it; failures are values, never thrown. */
export async function openSecret(envelope: string, keyring: ConfigKeyring | undefined): Promise<OpenedSecret> {
  const [keyId, payload, extra] = envelope.slice(ENVELOPE_PREFIX.length).split(":");
  const sealed = payload === undefined ? undefined : fromBase64Url(payload);
  if (!isSealed(envelope) || keyId === undefined || extra !== undefined || sealed === undefined)
    return { ok: false, reason: "malformed" };
  if (sealed.length <= IV_BYTES) return { ok: false, reason: "malformed" };
  if (keyring === undefined) return { ok: false, reason: "no_key" };
  const key = keyring.byId.get(keyId);
  if (key === undefined) return { ok: false, reason: "unknown_key" };
  try {
    const plaintext = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: sealed.slice(0, IV_BYTES), additionalData: encoder.encode(`${ENVELOPE_PREFIX}${keyId}`) },
      key,
      sealed.slice(IV_BYTES),
    );
    return { ok: true, plaintext: decoder.decode(plaintext), keyId };
  } catch {
    return { ok: false, reason: "corrupt" };
  }
}
