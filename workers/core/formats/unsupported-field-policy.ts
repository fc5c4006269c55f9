import { GatewayError } from "../errors/gateway-error.ts";

/**
 * LiteLLM's `drop_params`, applied while building an upstream body: what the
 * target cannot express is either dropped (and listed in `dropped`) or
 * refused with a 400 naming the field and the provider.
 */
export class UnsupportedFieldPolicy {
  readonly dropped: string[] = [];
  private readonly dropParams: boolean;
  private readonly providerLabel: string;

  /** `providerLabel` names the target in messages, e.g. "Anthropic Messages". */
  constructor(dropParams: boolean, providerLabel: string) {
    this.dropParams = dropParams;
    this.providerLabel = providerLabel;
  }

  /** `path` names the field in the client's terms; `what` says why it cannot be sent. */
  report(path: string, what: string): void {
    if (!this.dropParams) {
      throw new GatewayError(
        "invalid_request",
        `'${path}' is not supported by this model's provider (${this.providerLabel}): ${what}. Enable drop_params to drop it.`,
        { param: path },
      );
    }
    this.dropped.push(path);
  }
}
