import { type FailureClass, failureClassTraits } from "./failure-class.ts";
import type { FallbackTable, RoutingSettings } from "./routing-settings.ts";

type FallbackSettings = Pick<
  RoutingSettings,
  "fallbacks" | "contextWindowFallbacks" | "contentPolicyFallbacks" | "maxFallbacks"
>;

/**
 * LiteLLM's lookup in a fallback table: the first entry keyed by one of the
 * group's names, else the first `*` entry (https://docs.litellm.ai/docs/proxy/reliability,
 * "precedence is the exact key first … then `*`"). A matched chain is terminal.
 */
export function lookupFallbacks(table: FallbackTable, names: readonly string[]): readonly string[] {
  for (const name of names) {
    const entry = table.find((candidate) => Object.hasOwn(candidate, name));
    const targets = entry?.[name];
    if (targets !== undefined) return targets;
  }
  return table.find((candidate) => Object.hasOwn(candidate, "*"))?.["*"] ?? [];
}

/**
 * The groups to try, in order, after a model group has failed with
 * `failureClass` (https://docs.litellm.ai/docs/proxy/reliability, "There are 3 types of fallbacks"):
 * - context-window errors use `context_window_fallbacks`, content-policy
 *   errors `content_policy_fallbacks`; when that list is configured but has no
 *   entry for the group, nothing (LiteLLM re-raises); when it is not configured
 *   at all, the general `fallbacks` (router.py falls through to them);
 * - other 4xx: none ("don't retry a malformed request");
 * - everything else: the general `fallbacks`, whose `*` entry includes `default_fallbacks`.
 * `names` are the names the request is known by (requested name, then resolved
 * group); targets already in `visited` are dropped, which breaks cycles.
 */
export function fallbackGroupsFor(
  settings: FallbackSettings,
  names: readonly string[],
  failureClass: FailureClass,
  visited: ReadonlySet<string> = new Set(),
): string[] {
  const table = fallbackTableFor(settings, failureClass);
  if (table === undefined) return [];
  const targets = lookupFallbacks(table, names).filter((target) => !visited.has(target));
  return [...new Set(targets)];
}

function fallbackTableFor(settings: FallbackSettings, failureClass: FailureClass): FallbackTable | undefined {
  const kind = failureClassTraits(failureClass).fallback;
  switch (kind) {
    case "general":
      return settings.fallbacks;
    case "context_window":
      return settings.contextWindowFallbacks ?? settings.fallbacks;
    case "content_policy":
      return settings.contentPolicyFallbacks ?? settings.fallbacks;
    case "none":
      return undefined;
    default: {
      const unreachable: never = kind;
      return unreachable;
    }
  }
}

/**
 * The whole order LiteLLM would walk if every group failed with the same
 * class: each fallback group runs with its own fallbacks before the next
 * sibling (run_async_fallback calls the full fallback path for each), depth-first,
 * at most `max_fallbacks` levels deep, each group once. The planner walks the
 * same order but looks each step up with the class that group actually failed with.
 */
export function expandFallbackChain(settings: FallbackSettings, primary: string, failureClass: FailureClass): string[] {
  const order: string[] = [];
  const visited = new Set([primary]);
  const visit = (group: string, depth: number) => {
    if (depth >= settings.maxFallbacks) return;
    for (const target of fallbackGroupsFor(settings, [group], failureClass, visited)) {
      if (visited.has(target)) continue;
      visited.add(target);
      order.push(target);
      visit(target, depth + 1);
    }
  };
  visit(primary, 0);
  return order;
}
