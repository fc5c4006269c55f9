/** The runtime form of a config: what the hot path reads, resolved once per isolate per version. */
export interface DeploymentPricing {
  inputPerToken: number;
  outputPerToken: number;
  cacheReadPerToken: number | undefined;
  cacheWritePerToken: number | undefined;
}

export interface Deployment {
  /** `model_info.id`, else `<model_name>#<index in model_list>`. */
  id: string;
  modelGroup: string;
  provider: string;
  upstreamModel: string;
  apiBase: string | undefined;
  apiKey: string | undefined;
  apiVersion: string | undefined;
  weight: number;
  order: number;
  rpm: number | undefined;
  tpm: number | undefined;
  timeoutMs: number | undefined;
  streamTimeoutMs: number | undefined;
  maxRetries: number | undefined;
  tags: string[];
  pricing: DeploymentPricing | undefined;
  mockResponse: string | undefined;
}

export interface GatewayConfig {
  version: number;
  masterKey: string | undefined;
  /** Model groups in config order, each with its deployments. */
  deploymentsByGroup: Map<string, Deployment[]>;
  dropParams: boolean;
  numRetries: number;
  requestTimeoutMs: number | undefined;
  /** Problems found while resolving (e.g. a missing `os.environ/` secret); never fatal. */
  warnings: string[];
}
