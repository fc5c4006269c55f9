import { parse as parseYaml } from "yaml";
import { formatIssuePath } from "../errors/zod-issue-to-error.ts";
import { collectConfigWarnings } from "./collect-config-warnings.ts";
import { type LitellmConfig, litellmConfigSchema } from "./litellm-config-schema.ts";

export interface ConfigIssue {
  path: string;
  message: string;
}

export type ParsedConfig =
  | { ok: true; config: LitellmConfig; warnings: string[] }
  | { ok: false; errors: ConfigIssue[] };

export type ConfigSourceFormat = "yaml" | "json";

/** Parses a LiteLLM config (YAML or JSON text); every error names its path, e.g. `model_list[3].litellm_params.rpm`. */
export function parseConfigText(text: string, format: ConfigSourceFormat): ParsedConfig {
  let document: unknown;
  try {
    document = format === "json" ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    const message = error instanceof Error ? error.message.split("\n")[0] : "unreadable";
    return { ok: false, errors: [{ path: "", message: `Not valid ${format.toUpperCase()}: ${message}` }] };
  }
  if (document === null || document === undefined) document = {};
  const result = litellmConfigSchema.safeParse(document);
  if (!result.success) {
    return {
      ok: false,
      errors: result.error.issues.map((issue) => ({ path: formatIssuePath(issue.path), message: issue.message })),
    };
  }
  return { ok: true, config: result.data, warnings: collectConfigWarnings(result.data) };
}

/** Text that starts with `{` is JSON; anything else is YAML (a superset of JSON anyway). */
export function detectConfigFormat(text: string, contentType?: string | null): ConfigSourceFormat {
  if (contentType?.includes("json")) return "json";
  return text.trimStart().startsWith("{") ? "json" : "yaml";
}
