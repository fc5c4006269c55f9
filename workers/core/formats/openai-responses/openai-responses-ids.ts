import type { EncodeContext } from "../format-adapter.ts";

/**
 * Responses ids carry a type prefix (`resp_`, `msg_`, `fc_`, `rs_`) that SDKs
 * and clients display and sometimes check. An upstream `resp_…` id is kept;
 * anything else (Anthropic `msg_01…`, `chatcmpl-…`) is replaced by one derived
 * from the gateway's response id.
 */
export function responsesResponseId(upstreamId: string | undefined, context: EncodeContext): string {
  if (upstreamId?.startsWith("resp_")) return upstreamId;
  if (context.responseId.startsWith("resp_")) return context.responseId;
  return `resp_${context.responseId.replaceAll("-", "")}`;
}

/** A stable output item id: the response id's suffix plus the item's output index. */
export function responsesItemId(prefix: "msg" | "fc" | "rs", responseId: string, outputIndex: number): string {
  return `${prefix}_${responseId.slice("resp_".length)}_${outputIndex}`;
}
