import { adminRequest } from "./admin-client.ts";

export interface DeploymentHealth {
  id: string;
  model_group: string;
  provider: string;
  upstream_model: string;
  state: "healthy" | "cooling_down";
  cooldown_until: string | null;
  cooldown_reason: string | null;
  recent: { successes: number; failures: number };
  last_error: { kind: string; status: number | null; at: string } | null;
  average_latency_ms: number | null;
}

export interface DeploymentHealthReport {
  config_version: number;
  window_minutes: number;
  deployments: DeploymentHealth[];
}

/** A model_list entry as /model/info shows it (secrets masked). */
export interface ModelInfo {
  model_name: string;
  litellm_params: Record<string, unknown> & { model: string };
  model_info: Record<string, unknown> & { id: string };
}

/** Admin and viewer only (a team_admin gets 403). */
export const fetchDeploymentHealth = (windowMinutes: number) =>
  adminRequest<DeploymentHealthReport>("GET", "/health/deployments", { query: { window_minutes: windowMinutes } });

export const fetchModelInfo = () => adminRequest<{ data: ModelInfo[] }>("GET", "/model/info");
