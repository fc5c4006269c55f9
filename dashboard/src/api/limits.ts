/** The budget and rate limits keys and teams carry (agents all but `models`); null is no limit. */
export interface Limits {
  models: string[];
  max_budget: number | null;
  budget_duration: string | null;
  rpm_limit: number | null;
  tpm_limit: number | null;
  max_parallel_requests: number | null;
}
