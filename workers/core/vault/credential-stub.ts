/**
 * Stub values agents are given instead of secrets: `sy_stub_<credential id>_<random>`. Recognisable (for
 * the egress proxy and for people reading logs), carrying the credential id so a lookup needs no index,
 * and random beyond it so a stub cannot be derived from an id. A stub is not a secret: it only works
 * through the egress proxy, with the agent's own key, towards the credential's bound destinations.
 */
const ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
const ID_CHARS = 16;
const RANDOM_CHARS = 24;

export const STUB_PREFIX = "sy_stub_";
/** Global: finds every stub in a header value or query string. */
export const STUB_PATTERN = /sy_stub_([a-z0-9]{16})_[a-z0-9]{24}/g;

function randomText(length: number): string {
  // 256 % 36 = 4: rejecting bytes >= 252 keeps every character equally likely.
  let text = "";
  while (text.length < length) {
    for (const byte of crypto.getRandomValues(new Uint8Array(length * 2))) {
      if (byte < 252 && text.length < length) text += ALPHABET[byte % ALPHABET.length];
    }
  }
  return text;
}

export function newCredentialId(): string {
  return randomText(ID_CHARS);
}

export function newCredentialStub(credentialId: string): string {
  return `${STUB_PREFIX}${credentialId}_${randomText(RANDOM_CHARS)}`;
}

export interface FoundStub {
  stub: string;
  credentialId: string;
}

/** Every stub in `text`, in order (repeats included). */
export function findStubs(text: string): FoundStub[] {
  if (!text.includes(STUB_PREFIX)) return [];
  return [...text.matchAll(STUB_PATTERN)].map((match) => ({ stub: match[0], credentialId: match[1] ?? "" }));
}

export function isCredentialId(value: string): boolean {
  return new RegExp(`^[a-z0-9]{${ID_CHARS}}$`).test(value);
}
