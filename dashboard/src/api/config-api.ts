import { adminRequest } from "./admin-client.ts";

/** The active LiteLLM config as GET /config returns it: parsed, with secrets masked. */
export interface ActiveConfig {
  version: number;
  created_by: string | null;
  created_at: string;
  comment: string | null;
  warnings: string[];
  config: Record<string, unknown>;
}

export interface ConfigVersionSummary {
  version: number;
  createdBy: string | null;
  createdAt: number;
  comment: string | null;
  isActive: boolean;
}

export interface ConfigValidation {
  valid: true;
  warnings: string[];
  models: number;
}

export interface ConfigActivation {
  version: number;
  active: true;
  warnings: string[];
}

export const fetchActiveConfig = () => adminRequest<ActiveConfig>("GET", "/config");

export const fetchConfigVersions = () => adminRequest<{ versions: ConfigVersionSummary[] }>("GET", "/config/versions");

/** YAML as sent; a 400 carries each problem with its path (`model_list[1].litellm_params.model`). */
export const validateConfig = (yaml: string) =>
  adminRequest<ConfigValidation>("POST", "/config", {
    text: yaml,
    contentType: "application/yaml",
    query: { dry_run: true },
  });

export const importConfig = (yaml: string, comment: string) =>
  adminRequest<ConfigActivation>("POST", "/config", {
    text: yaml,
    contentType: "application/yaml",
    query: { comment },
  });
