import { type MockInstance, vi } from "vitest";

/**
 * Watches console.error, where the gateway, the admin API and the MCP
 * endpoint log what they answer as an internal error: a fuzz case that makes
 * anything log there has found a bug even when its status looks right.
 */
export class ErrorLogWatch {
  private readonly spy: MockInstance<typeof console.error>;
  private seen = 0;

  constructor() {
    this.spy = vi.spyOn(console, "error");
  }

  /** What was logged since the last call, one line per call; empty when nothing was. */
  takeNew(): string[] {
    const calls = this.spy.mock.calls.slice(this.seen);
    this.seen = this.spy.mock.calls.length;
    return calls.map((args) =>
      args.map((arg) => (arg instanceof Error ? (arg.stack ?? arg.message) : String(arg))).join(" "),
    );
  }

  restore(): void {
    this.spy.mockRestore();
  }
}
