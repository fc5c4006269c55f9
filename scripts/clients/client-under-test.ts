import type { ClientBinary } from "./client-cache.ts";
import type { ProcessResult } from "./run-with-timeout.ts";
import type { RecordedCall } from "./scripted-upstream.ts";

/** Where one client run happens: fresh folders and the URL it must reach the gateway through. */
export interface ClientRunContext {
  /** The working directory the agent runs in (and may write to). */
  workDir: string;
  /** A private HOME (and XDG dirs beneath it) so no user config leaks in or out. */
  homeDir: string;
  /** Base URL without `/v1`. */
  gatewayUrl: string;
}

export interface ClientInvocation {
  args: string[];
  /** Added to the offline base environment. */
  env: Record<string, string>;
}

export interface ClientUnderTest {
  name: string;
  binary: ClientBinary;
  /** The wire format the gateway must translate this client's calls into. */
  upstreamFormat: RecordedCall["format"];
  prepare(context: ClientRunContext): ClientInvocation;
  /** The agent's final answer, from its machine-readable output; throws with a reason when unreadable. */
  finalAnswer(result: ProcessResult, context: ClientRunContext): string;
}
