/**
 * The keys that seal config secrets at rest: `SWITCHYARD_ENCRYPTION_KEY` (a Worker secret, base64 of 32
 * random bytes) seals and opens; `SWITCHYARD_ENCRYPTION_KEY_PREVIOUS`, set during a rotation, only opens.
 * Each envelope names the key it was sealed with by a short id, so a rotation needs no guessing.
 */
/** `CryptoKey`, spelled so that it type-checks under both the Workers and the Node typings (scripts/). */
type AesKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;

export interface ConfigKey {
  /** The first 4 bytes of the key's SHA-256, in hex: names the key without revealing it. */
  id: string;
  key: AesKey;
}

export interface ConfigKeyring {
  current: ConfigKey;
  /** Every key that may open an envelope, by id (the current one included). */
  byId: ReadonlyMap<string, AesKey>;
}

/** A key variable that is set but unusable; its message names the variable, never the value. */
export class ConfigKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigKeyError";
  }
}

const KEY_BYTES = 32;

function decodeBase64(text: string): Uint8Array | undefined {
  try {
    const binary = atob(text.trim().replace(/-/g, "+").replace(/_/g, "/"));
    return Uint8Array.from(binary, (character) => character.charCodeAt(0));
  } catch {
    return undefined;
  }
}

async function importConfigKey(name: string, value: string): Promise<ConfigKey> {
  const raw = decodeBase64(value);
  if (raw?.length !== KEY_BYTES) {
    throw new ConfigKeyError(
      `${name} must be the base64 of ${KEY_BYTES} random bytes (\`openssl rand -base64 32\`); ` +
        (raw === undefined ? "it is not base64." : `it decodes to ${raw.length} bytes.`),
    );
  }
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", raw));
  const id = [...digest.slice(0, 4)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
  const key = await crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]);
  return { id, key };
}

const keyrings = new Map<string, Promise<ConfigKeyring>>();

function variable(vars: object, name: string): string | undefined {
  const value = (vars as Record<string, unknown>)[name];
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

/**
 * The keyring of a Worker's variables, imported once per isolate (importKey is not free); undefined when
 * no key is configured. Rejects with a ConfigKeyError when a key is set but malformed.
 */
export function configKeyringFrom(vars: object): Promise<ConfigKeyring | undefined> {
  const current = variable(vars, "SWITCHYARD_ENCRYPTION_KEY");
  if (current === undefined) return Promise.resolve(undefined);
  const previous = variable(vars, "SWITCHYARD_ENCRYPTION_KEY_PREVIOUS");
  const cacheKey = `${current}\n${previous ?? ""}`;
  let keyring = keyrings.get(cacheKey);
  if (keyring === undefined) {
    keyring = (async () => {
      const currentKey = await importConfigKey("SWITCHYARD_ENCRYPTION_KEY", current);
      const byId = new Map([[currentKey.id, currentKey.key]]);
      if (previous !== undefined) {
        const previousKey = await importConfigKey("SWITCHYARD_ENCRYPTION_KEY_PREVIOUS", previous);
        if (!byId.has(previousKey.id)) byId.set(previousKey.id, previousKey.key);
      }
      return { current: currentKey, byId };
    })();
    // A malformed key is not cached: fixing the variable takes a redeploy, which starts fresh isolates anyway.
    void keyring.catch(() => keyrings.delete(cacheKey));
    keyrings.set(cacheKey, keyring);
  }
  return keyring;
}
