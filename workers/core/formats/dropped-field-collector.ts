import { GatewayError } from "../errors/gateway-error.ts";

/**
 * LiteLLM's `drop_params` for one outbound build: what the target format
 * cannot express is either recorded (and later reported as a warning) or
 * refused with a 400 that names the field, so nothing is lost silently.
 */
export class DroppedFieldCollector {
  readonly paths: string[] = [];
  private readonly dropParams: boolean;
  private readonly target: string;

  constructor(dropParams: boolean, target: string) {
    this.dropParams = dropParams;
    this.target = target;
  }

  /** Drops `path` under drop_params; otherwise throws a 400 naming it. `detail` says what it is when the path alone is unclear. */
  unsupported(path: string, detail?: string): void {
    if (!this.dropParams) {
      const what = detail === undefined ? `'${path}'` : `'${path}' (${detail})`;
      throw new GatewayError(
        "invalid_request",
        `${what} cannot be expressed in ${this.target}; remove it or enable drop_params to drop it.`,
        { param: path },
      );
    }
    if (!this.paths.includes(path)) this.paths.push(path);
  }
}
