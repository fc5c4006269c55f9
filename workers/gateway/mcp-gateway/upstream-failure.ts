import { RPC_INTERNAL_ERROR } from "../mcp/mcp-protocol.ts";
import { McpProtocolError } from "../mcp/mcp-protocol-error.ts";
import type { UpstreamOutcome } from "./mcp-upstream-client.ts";

/** Scrubs the server's credential values from text it sends back (a reflecting server must not leak them). */
export function scrubUpstreamSecrets(text: string, secrets: readonly string[]): string {
  let scrubbed = text;
  for (const secret of secrets) scrubbed = scrubbed.split(secret).join("[REDACTED:mcp_credential]");
  return scrubbed;
}

/**
 * A failed exchange as the client's JSON-RPC error: the upstream's own error (code and message, its
 * credentials scrubbed), or a 502 naming the server when the transport failed. Never the upstream's body.
 */
export function upstreamFailure(
  server: string,
  outcome: Exclude<UpstreamOutcome, { kind: "result" }>,
  errorStatus: number,
  secrets: readonly string[],
): McpProtocolError {
  switch (outcome.kind) {
    case "error":
      return new McpProtocolError(
        errorStatus,
        outcome.error.code,
        scrubUpstreamSecrets(outcome.error.message, secrets).slice(0, 2000),
      );
    case "invalid":
    case "unavailable":
      return new McpProtocolError(
        502,
        RPC_INTERNAL_ERROR,
        `The MCP server '${server}' is unavailable: ${outcome.message}.`,
      );
    case "session_expired":
      return new McpProtocolError(502, RPC_INTERNAL_ERROR, `The MCP server '${server}' ended its session; retry.`);
    default: {
      const unreachable: never = outcome;
      return unreachable;
    }
  }
}
