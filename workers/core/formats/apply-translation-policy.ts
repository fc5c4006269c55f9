import type { IrRequest } from "../ir/request.ts";
import type { ProviderFormat } from "../providers/provider-format.ts";
import type { ApiFormat } from "./api-format.ts";

/**
 * Fields coding-agent harnesses send on every request that steer only their
 * own vendor's server. Refusing them (drop_params: false) would make Claude
 * Code unusable against any other provider, and dropping them changes no
 * answer the target could have given, so they are dropped when translating,
 * whatever drop_params says, and reported in `x-switchyard-dropped-params`.
 * See docs/decisions/0002-translation-policy.md.
 */
const HARNESS_HINTS: ReadonlyArray<{ path: RegExp; why: string }> = [
  // Anthropic server-side context editing (clear old tool results/thinking); other providers keep no server context.
  { path: /^context_management$/, why: "server-side context editing" },
  // Anthropic tool search: load the tool's definition lazily; elsewhere every tool is sent in full.
  { path: /^tools\[\d+\]\.defer_loading$/, why: "lazy tool loading" },
  // Whether Anthropic returns thinking text or only its signature.
  { path: /^thinking\.display$/, why: "thinking display" },
];

export interface TranslationPolicyResult {
  request: IrRequest;
  /** What was removed, by the client's field path. */
  dropped: string[];
}

/**
 * Before building a request for a provider of another format: removes harness
 * hints (above) and provider built-in tools of another vendor (Codex's
 * `web_search`/`namespace`, Claude Code's `web_search_20250305`), which no
 * other provider can run — the model simply does not get that tool. CLIENTS.md
 * asks for exactly this: map or drop by policy, and say so.
 */
export function applyTranslationPolicy(
  request: IrRequest,
  source: ApiFormat,
  target: ProviderFormat,
): TranslationPolicyResult {
  if (source === target) return { request, dropped: [] };
  const dropped: string[] = [];
  const unmapped = request.unmapped.filter((field) => {
    const hint = HARNESS_HINTS.some((candidate) => candidate.path.test(field.path));
    if (hint) dropped.push(field.path);
    return !hint;
  });
  const tools = request.tools.filter((tool) => {
    const foreign = tool.type === "provider" && tool.format !== target;
    if (foreign) dropped.push(`tools.${tool.name}`);
    return !foreign;
  });
  const removedToolNames = new Set(request.tools.filter((tool) => !tools.includes(tool)).map((tool) => tool.name));
  let toolChoice = request.toolChoice;
  // A forced choice of a tool that is gone would be rejected upstream; let the model choose instead.
  if (toolChoice?.type === "tool" && removedToolNames.has(toolChoice.name)) toolChoice = { type: "auto" };
  const next: IrRequest = { ...request, unmapped, tools };
  if (toolChoice === undefined) delete next.toolChoice;
  else next.toolChoice = toolChoice;
  return { request: next, dropped };
}
