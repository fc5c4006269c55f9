import { adminRequest } from "./admin-client.ts";

export interface AuditEntry {
  seq: number;
  event_id: string;
  at: number;
  time: string;
  actor: { label: string; role: string; team_id: string | null };
  action: string;
  target: { type: string; id: string | null };
  team_id: string | null;
  details: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

export interface AuditQuery {
  action?: string | undefined;
  actor?: string | undefined;
  team_id?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

export type AuditVerification =
  | { ok: true; count: number; head_seq: number; head_hash: string }
  | {
      ok: false;
      verified: number;
      first_broken: {
        seq: number;
        reason: "hash_mismatch" | "prev_hash_mismatch" | "seq_gap";
        expected: string;
        stored: string;
      };
    };

export const listAudit = (query: AuditQuery) =>
  adminRequest<{ entries: AuditEntry[]; next_cursor: string | null }>("GET", "/audit", { query: { ...query } });

/** Recomputes the whole hash chain on the server; admin and viewer only. */
export const verifyAudit = () => adminRequest<AuditVerification>("GET", "/audit/verify");
