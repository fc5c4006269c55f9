/**
 * The audit action and target type of an admin route, derived from its
 * pattern so that a route added later is audited without a table edit:
 * LiteLLM-style verb paths keep their verb (`POST /key/generate` →
 * `key.generate`, `POST /sessions/:id/spans/:span/replay` →
 * `session.span.replay`); resource paths take the method's
 * (`PUT /agents/:id` → `agent.update`, `POST /agents/:id/memory` →
 * `agent.memory.create`).
 */

/** Last path segments that already say what was done (LiteLLM's admin routes and our own). */
const VERB_SEGMENTS = new Set([
  "generate",
  "regenerate",
  "new",
  "update",
  "delete",
  "block",
  "unblock",
  "import",
  "activate",
  "rollback",
  "replay",
  "reset",
  "rotate",
  "revoke",
]);

/** Where the derived name would mislead. */
const OVERRIDES: Record<string, string> = {
  "POST /config": "config.activate",
  "DELETE /model_prices": "model_price.clear",
};

export type MutatingMethod = "POST" | "PUT" | "PATCH" | "DELETE";

export function isMutatingMethod(method: string): method is MutatingMethod {
  return method === "POST" || method === "PUT" || method === "PATCH" || method === "DELETE";
}

function verbOf(method: MutatingMethod): string {
  switch (method) {
    case "POST":
      return "create";
    case "PUT":
    case "PATCH":
      return "update";
    case "DELETE":
      return "delete";
    default: {
      const unreachable: never = method;
      return unreachable;
    }
  }
}

/** `agents` → `agent`, `model_prices` → `model_price`; `-` and other characters become `_`. */
function nounOf(segment: string): string {
  const word = segment.toLowerCase().replace(/[^a-z0-9_]/g, "_");
  const named = /^[a-z]/.test(word) ? word : `x${word}`;
  return named.length > 3 && /[^isu]s$/.test(named) ? named.slice(0, -1) : named;
}

export function auditActionOf(method: MutatingMethod, routePattern: string): { action: string; targetType: string } {
  const statics = routePattern
    .split("/")
    .filter((segment) => segment !== "" && segment !== "v1" && !segment.startsWith(":") && !segment.includes("*"));
  const override = OVERRIDES[`${method} ${routePattern}`];
  const first = statics[0];
  if (first === undefined) return { action: `admin.${verbOf(method)}`, targetType: "admin" };
  const targetType = nounOf(first);
  if (override !== undefined) return { action: override, targetType };
  const last = statics.at(-1);
  const endsInVerb = statics.length > 1 && last !== undefined && VERB_SEGMENTS.has(last.toLowerCase());
  const nouns = (endsInVerb ? statics.slice(0, -1) : statics).map(nounOf);
  return { action: [...nouns, endsInVerb ? (last ?? "").toLowerCase() : verbOf(method)].join("."), targetType };
}
