/** Virtual keys: `sk-` + 32 random bytes in base64url. Only their SHA-256 is stored. */
export function generateVirtualKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `sk-${btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "")}`;
}

/** What listings show instead of the key: LiteLLM's `key_name` style, `sk-...wxyz`. */
export function keyDisplayPrefix(key: string): string {
  return `${key.slice(0, 3)}...${key.slice(-4)}`;
}
