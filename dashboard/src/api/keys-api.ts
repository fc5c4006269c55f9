import { adminRequest } from "./admin-client.ts";
import type { AdminRole } from "./auth-api.ts";
import type { Limits } from "./limits.ts";

/** A virtual key as /key/* shows it (LiteLLM's field names); `token` is the key's SHA-256, never the key. */
export interface KeyInfo extends Limits {
  token: string;
  key_name: string;
  key_alias: string | null;
  team_id: string | null;
  user_id: string | null;
  agent_id: string | null;
  budget_reset_at: string | null;
  expires: string | null;
  blocked: boolean;
  role: AdminRole | null;
  created_by: string | null;
  created_at: string | null;
}

/** The limits a key can be given or changed; null clears one. */
export interface KeyLimits extends Partial<Limits> {
  key_alias?: string | null;
  team_id?: string | null;
}

export interface KeyGenerateInput extends KeyLimits {
  role?: AdminRole | null;
  duration?: string | null;
}

interface KeyListResponse {
  keys: KeyInfo[];
  total_count: number;
  current_page: number;
  total_pages: number;
}

export interface KeySpend {
  key: string;
  spend: number;
  requests: number;
}

export const listKeys = (page: number, size: number) =>
  adminRequest<KeyListResponse>("GET", "/key/list", { query: { page, size, return_full_object: true } });

/** The answer is the only time the key itself is shown. */
export const generateKey = (input: KeyGenerateInput) =>
  adminRequest<KeyInfo & { key: string }>("POST", "/key/generate", { json: input });

export const updateKey = (token: string, changes: KeyLimits) =>
  adminRequest<KeyInfo>("POST", "/key/update", { json: { key: token, ...changes } });

export const setKeyBlocked = (token: string, blocked: boolean) =>
  adminRequest<KeyInfo>("POST", blocked ? "/key/block" : "/key/unblock", { json: { key: token } });

export const deleteKeys = (tokens: string[]) =>
  adminRequest<{ deleted_keys: string[] }>("POST", "/key/delete", { json: { keys: tokens } });

/** All-time spend and request counts per key hash, from the spend log. */
export const fetchKeySpend = () => adminRequest<KeySpend[]>("GET", "/spend/keys");
