import { GatewayError } from "../../errors/gateway-error.ts";
import type { ProviderFormat } from "../provider-format.ts";

/**
 * The pipeline only hands a transport a format from its `formats` list, so
 * anything else is a gateway bug: an internal error, not the client's fault.
 */
export function unsupportedFormatError(transportId: string, format: ProviderFormat): GatewayError {
  return new GatewayError("internal", `Transport '${transportId}' cannot send the '${format}' format.`, {
    provider: transportId,
  });
}
