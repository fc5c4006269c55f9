import { GatewayError } from "../errors/gateway-error.ts";
import { limitFromVar } from "./request-limits.ts";

/** A LiteLLM config with a few hundred deployments is well under this; the active one is parsed by every isolate. */
export const DEFAULT_MAX_CONFIG_BYTES = 1024 * 1024;

/** MAX_CONFIG_BYTES of the admin worker's vars (the config:import script reads it from its environment). */
export function maxConfigBytesOf(vars: { MAX_CONFIG_BYTES?: string | undefined }): number {
  return limitFromVar("MAX_CONFIG_BYTES", vars.MAX_CONFIG_BYTES, DEFAULT_MAX_CONFIG_BYTES);
}

export function configTooLarge(maxBytes: number, actualBytes?: number): GatewayError {
  const actual = actualBytes === undefined ? "" : ` This one is ${actualBytes} bytes.`;
  return new GatewayError(
    "payload_too_large",
    `A config may be at most ${maxBytes} bytes (MAX_CONFIG_BYTES).${actual}`,
  );
}

/** For configs assembled by the API (`/model/new` adds to the active one): the same bound as an uploaded config. */
export function assertConfigTextWithin(text: string, maxBytes: number): void {
  // UTF-8 is at most 3 bytes per UTF-16 unit: only text that might be over is encoded to measure it.
  if (text.length * 3 <= maxBytes) return;
  const bytes = new TextEncoder().encode(text).byteLength;
  if (bytes > maxBytes) throw configTooLarge(maxBytes, bytes);
}
