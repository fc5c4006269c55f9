import type { AuditAppendInput, JsonValue } from "../../../durable-objects/audit-log-rpc.ts";
import { sha256Hex } from "../../core/auth/hash-key.ts";
import type { AdminActor } from "../admin-env.ts";
import { auditActionOf, type MutatingMethod } from "./audit-action-of.ts";
import { redactAuditDetails } from "./redact-audit-details.ts";

/** What the middleware saw of one successful mutating admin request. */
export interface AdminActionSeen {
  eventId: string;
  at: number;
  actor: AdminActor;
  method: MutatingMethod;
  /** The matched route's pattern, e.g. `/agents/:id`. */
  routePattern: string;
  path: string;
  query: Record<string, string>;
  /** The request body, parsed; undefined when it was not JSON or not read. */
  body: unknown;
  bodyBytes: number;
  /** The response body, parsed; undefined when it was not JSON. */
  result: unknown;
}

/** Routes whose bodies are whole documents: an entry keeps their size, never their text (configs carry secrets). */
const DOCUMENT_BODIES = new Set(["POST /config", "POST /model_prices/import"]);
/** Response strings worth keeping beside its numbers and booleans; none of them is a secret. */
const RESULT_STRINGS = new Set(["key_name", "key_alias", "team_id", "user_id", "agent_id", "model_id", "model_name"]);
/** Bodies this large are summarized by their field names. */
const MAX_REQUEST_SUMMARY_CHARS = 8000;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Values of `:name` segments of the pattern, in order. */
function routeParams(pattern: string, path: string): string[] {
  const patternSegments = pattern.split("/");
  const pathSegments = path.split("/");
  return patternSegments.flatMap((segment, index) => {
    const value = pathSegments[index];
    return segment.startsWith(":") && value !== undefined ? [decodeURIComponent(value)] : [];
  });
}

/** A target id as stored: a key given in full is replaced by its SHA-256, which is how the admin API names keys. */
async function idValue(value: unknown): Promise<string | undefined> {
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value !== "string" || value === "") return undefined;
  return value.startsWith("sk-") ? sha256Hex(value) : value.slice(0, 200);
}

async function targetIdOf(targetType: string, seen: AdminActionSeen): Promise<string | null> {
  const [param] = routeParams(seen.routePattern, seen.path);
  if (param !== undefined) return (await idValue(param)) ?? null;
  const fields = [`${targetType}_id`, "token", "model_id", "id", "version"];
  for (const source of [seen.result, seen.body]) {
    if (!isRecord(source)) continue;
    for (const field of fields) {
      const id = await idValue(source[field]);
      if (id !== undefined) return id;
    }
  }
  // Bulk deletes: `{ keys: [...] }`, `{ team_ids: [...] }`.
  for (const field of [`${targetType}_ids`, `${targetType}s`]) {
    const list = isRecord(seen.body) ? seen.body[field] : undefined;
    if (!Array.isArray(list)) continue;
    const ids = (await Promise.all(list.map(idValue))).filter((id) => id !== undefined);
    if (ids.length > 0) return ids.join(",").slice(0, 1000);
  }
  return null;
}

/** The team the action was about: a team_admin only ever acts on its own; otherwise what the body or result names. */
function teamOf(targetType: string, targetId: string | null, seen: AdminActionSeen): string | null {
  if (seen.actor.kind === "key" && seen.actor.role === "team_admin") return seen.actor.teamId;
  for (const source of [seen.result, seen.body]) {
    if (isRecord(source) && typeof source.team_id === "string" && source.team_id !== "") return source.team_id;
  }
  return targetType === "team" && targetId !== null && !targetId.includes(",") ? targetId : null;
}

function requestSummary(routeKey: string, seen: AdminActionSeen): JsonValue | undefined {
  if (DOCUMENT_BODIES.has(routeKey) || seen.body === undefined) {
    return seen.bodyBytes === 0 ? undefined : { bytes: seen.bodyBytes };
  }
  const redacted = redactAuditDetails(seen.body);
  if (JSON.stringify(redacted).length <= MAX_REQUEST_SUMMARY_CHARS) return redacted;
  return { bytes: seen.bodyBytes, fields: isRecord(seen.body) ? Object.keys(seen.body).slice(0, 50) : [] };
}

function resultSummary(result: unknown): Record<string, JsonValue> {
  if (!isRecord(result)) return {};
  const kept: Record<string, JsonValue> = {};
  for (const [field, value] of Object.entries(result)) {
    if (typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value))) kept[field] = value;
    else if (typeof value === "string" && RESULT_STRINGS.has(field)) kept[field] = redactAuditDetails(value);
  }
  return kept;
}

/**
 * The audit entry of a successful mutating admin request: the route-derived
 * action, who, what it touched, and a summary of the validated body with
 * secrets removed (keys as prefixes or hashes, configs by version only).
 */
export async function adminAuditEvent(seen: AdminActionSeen): Promise<AuditAppendInput> {
  const { action, targetType } = auditActionOf(seen.method, seen.routePattern);
  const targetId = await targetIdOf(targetType, seen);
  const details: Record<string, JsonValue> = { method: seen.method, path: redactAuditDetails(seen.path) };
  const request = requestSummary(`${seen.method} ${seen.routePattern}`, seen);
  if (request !== undefined) details.request = request;
  if (Object.keys(seen.query).length > 0) details.query = redactAuditDetails(seen.query);
  const result = resultSummary(seen.result);
  if (Object.keys(result).length > 0) details.result = result;
  return {
    eventId: seen.eventId,
    at: seen.at,
    actor: {
      label: seen.actor.kind === "master" ? "master" : seen.actor.label,
      role: seen.actor.role,
      teamId: seen.actor.kind === "key" ? seen.actor.teamId : null,
    },
    action,
    target: { type: targetType, id: targetId },
    teamId: teamOf(targetType, targetId, seen),
    details,
  };
}
