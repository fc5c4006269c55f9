import { GatewayError } from "../../errors/gateway-error.ts";

/**
 * LiteLLM's `drop_params`, applied while building a Converse body: what
 * Bedrock cannot express is either dropped (and listed in `dropped`) or
 * refused with a 400 naming the field.
 */
export class BedrockUnsupportedFieldPolicy {
  readonly dropped: string[] = [];
  private readonly dropParams: boolean;

  constructor(dropParams: boolean) {
    this.dropParams = dropParams;
  }

  /** `path` names the field in the client's terms; `what` says why it cannot be sent. */
  report(path: string, what: string): void {
    if (!this.dropParams) {
      throw new GatewayError(
        "invalid_request",
        `'${path}' is not supported by this model's provider (Amazon Bedrock Converse): ${what}. Enable drop_params to drop it.`,
        { param: path },
      );
    }
    this.dropped.push(path);
  }
}
