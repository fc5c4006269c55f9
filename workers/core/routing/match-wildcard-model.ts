/**
 * LiteLLM's wildcard model names (https://docs.litellm.ai/docs/wildcard_routing):
 * each `*` in a `model_name` matches any run of characters, and what it matched
 * fills the `*`s of the deployment's `litellm_params.model`, left to right
 * (router_utils/pattern_match_deployments.py, `set_deployment_model_name`).
 */

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The text each `*` of `pattern` matched in `model`, or undefined when it does not match. */
export function matchWildcardModel(pattern: string, model: string): string[] | undefined {
  // LiteLLM matches with `re.match` (anchored at the start only); a greedy trailing
  // `(.*)` makes that a full match for the usual `provider/*`, and anchoring the
  // end keeps `a*b` from matching `axbyz`.
  const source = pattern.split("*").map(escapeRegExp).join("(.*)");
  const match = new RegExp(`^${source}$`, "s").exec(model);
  return match === null ? undefined : match.slice(1);
}

/**
 * `litellm_params.model` with the matched segments in place of its `*`s:
 * `anthropic/*` + [`claude-x`] → `anthropic/claude-x`. A template with fewer
 * `*`s than segments cannot be mapped, so LiteLLM sends the requested name as is.
 */
export function fillWildcardModel(template: string, segments: readonly string[], requested: string): string {
  const stars = template.split("*").length - 1;
  if (stars === 0) return template;
  if (segments.length > stars) return requested;
  let filled = template;
  for (const segment of segments) filled = filled.replace("*", segment);
  return filled;
}

/** How specific a pattern is: LiteLLM tries longer patterns first (`calculate_pattern_specificity`). */
export function compareWildcardSpecificity(left: string, right: string): number {
  return right.length - left.length;
}
