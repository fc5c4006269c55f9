/**
 * What the Converse body may carry depends on the model behind it; Bedrock
 * model ids (`anthropic.claude-…`, `us.anthropic.claude-…`, `amazon.nova-pro-v1:0`)
 * name the vendor. ARNs of provisioned throughput or application inference
 * profiles do not, and are treated as "other" (the conservative choice).
 */
export type BedrockModelFamily = "anthropic" | "nova" | "other";

export function bedrockModelFamily(modelId: string): BedrockModelFamily {
  const id = modelId.toLowerCase();
  if (id.includes("anthropic.") || id.includes("claude")) return "anthropic";
  if (id.includes("amazon.nova") || id.includes(".nova-")) return "nova";
  return "other";
}

/** ToolResultBlock.status: "only supported by Amazon Nova and Anthropic Claude 3 and 4 models" (API reference). */
export function supportsToolResultStatus(family: BedrockModelFamily): boolean {
  return family === "anthropic" || family === "nova";
}
