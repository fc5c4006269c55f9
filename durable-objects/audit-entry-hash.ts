import { sha256Hex } from "../workers/core/auth/hash-key.ts";
import type { AuditActor, AuditTarget } from "./audit-log-rpc.ts";
import { canonicalJson } from "./canonical-json.ts";

/** Bumped if the preimage layout ever changes, so old and new entries cannot be confused. */
const PREIMAGE_VERSION = "switchyard-audit-v1";

/** Every stored field of an entry except its own hash; `detailsJson` is the canonical text as stored. */
export interface AuditHashFields {
  seq: number;
  eventId: string;
  at: number;
  actor: AuditActor;
  action: string;
  target: AuditTarget;
  teamId: string | null;
  detailsJson: string;
  prevHash: string;
}

/**
 * SHA-256 (hex) over a canonical JSON array of the entry's fields in a fixed
 * order. `details` goes in as its stored text, so verification hashes exactly
 * what is on disk: any edit to a row, even a reformatting, changes the hash.
 */
export function auditEntryHash(fields: AuditHashFields): Promise<string> {
  const preimage = canonicalJson([
    PREIMAGE_VERSION,
    fields.seq,
    fields.eventId,
    fields.at,
    { label: fields.actor.label, role: fields.actor.role, teamId: fields.actor.teamId },
    fields.action,
    { type: fields.target.type, id: fields.target.id },
    fields.teamId,
    fields.detailsJson,
    fields.prevHash,
  ]);
  return sha256Hex(preimage);
}
