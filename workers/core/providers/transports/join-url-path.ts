/**
 * `https://host/v1/` + `/chat/completions` → `https://host/v1/chat/completions`.
 * Configured `api_base` values come with and without trailing slashes (LiteLLM
 * accepts both), so the join tolerates either side.
 */
export function joinUrlPath(base: string, path: string): string {
  return `${base.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;
}
