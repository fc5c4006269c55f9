import { z } from "zod";
import { toolPolicyLists } from "../../core/governance/tool-policy-decision.ts";
import type { GovernedMcpContext } from "./governed-mcp-context.ts";
import { upstreamFailure } from "./upstream-failure.ts";

const listParamsSchema = z.looseObject({ cursor: z.string().max(2000).optional() });
const toolListSchema = z.looseObject({
  tools: z.array(z.unknown()),
  nextCursor: z.string().max(2000).nullish(),
});
const toolSchema = z.looseObject({ name: z.string().min(1).max(500) });

/**
 * `tools/list`, forwarded page by page (the client's cursor passed through) and filtered: only tools the
 * agent's policy could let through are shown. Showing is no permission: `tools/call` is judged again.
 */
export async function listGovernedTools(
  context: GovernedMcpContext,
  params: Record<string, unknown> | undefined,
): Promise<{ tools: unknown[]; nextCursor?: string }> {
  const cursor = listParamsSchema.safeParse(params ?? {});
  const forwarded = cursor.success && cursor.data.cursor !== undefined ? { cursor: cursor.data.cursor } : {};
  const outcome = await context.send("tools/list", forwarded);
  const { upstream, agent } = context;
  if (outcome.kind !== "result") throw upstreamFailure(upstream.name, outcome, context.errorStatus, upstream.secrets);
  const list = toolListSchema.safeParse(outcome.result);
  if (!list.success) {
    throw upstreamFailure(
      upstream.name,
      { kind: "invalid", message: "its tool list is malformed" },
      context.errorStatus,
      [],
    );
  }
  const tools = list.data.tools.filter((tool) => {
    const parsed = toolSchema.safeParse(tool);
    return parsed.success && toolPolicyLists(agent.policy, upstream.name, parsed.data.name);
  });
  const nextCursor = list.data.nextCursor ?? undefined;
  return nextCursor === undefined ? { tools } : { tools, nextCursor };
}
