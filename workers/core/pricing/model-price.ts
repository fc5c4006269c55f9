/** USD per token for one model; the shape of LiteLLM's cost map, normalized. */
export interface ModelPrice {
  inputPerToken: number;
  outputPerToken: number;
  cacheReadPerToken?: number;
  cacheWritePerToken?: number;
  /**
   * Long-context tier: when a request's input exceeds the threshold, the
   * whole request is priced at these rates (Anthropic's and Gemini's rule).
   */
  longContext?: {
    thresholdTokens: number;
    inputPerToken: number;
    outputPerToken: number;
    cacheReadPerToken?: number;
    cacheWritePerToken?: number;
  };
  /** LiteLLM's `mode`: `responses` marks Responses-only models. */
  mode?: string;
  maxInputTokens?: number;
}
