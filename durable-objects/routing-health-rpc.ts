import { z } from "zod";
import { FAILURE_CLASSES } from "../workers/core/routing/failure-class.ts";
import { parseRpcInput } from "../workers/core/rpc/parse-rpc-input.ts";

/**
 * The `RoutingHealth` Durable Object's RPC contract. Inputs are parsed inside
 * the object (a bad input is a gateway bug and throws a `TypeError` naming the
 * field); `now` is the caller's epoch ms, so tests are deterministic.
 */
const deploymentId = z.string().min(1).max(512);
const instant = z.number().nonnegative();
const count = z.int().nonnegative();
const failureClass = z.enum(FAILURE_CLASSES);

/** One instance holds the health of every deployment: it is written at most once per isolate per second. */
export const ROUTING_HEALTH_NAME = "global";

/** A deployment's cooldown began (as the isolate's CooldownTracker decided) or its half-open probe succeeded. */
export const cooldownTransitionSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("cooled"), deploymentId, at: instant, until: instant, failureClass }),
  z.object({ kind: z.literal("recovered"), deploymentId, at: instant }),
]);

/** Attempts one isolate saw end in one minute (`minute` = epoch ms / 60 000, floored). */
export const outcomeCountSchema = z.object({
  deploymentId,
  minute: count,
  successes: count,
  failures: count,
  /** Sum of the successful attempts' latencies, ms: failures say nothing about a healthy answer's speed. */
  successLatencyMsSum: z.number().nonnegative(),
});

/** `status` is the upstream's HTTP status when the reporter knew it. */
export const lastErrorSchema = z.object({
  deploymentId,
  kind: failureClass,
  status: z.int().min(100).max(599).nullable(),
  at: instant,
});

export const healthReportSchema = z.object({
  now: instant,
  transitions: z.array(cooldownTransitionSchema).max(1000),
  outcomes: z.array(outcomeCountSchema).max(5000),
  lastErrors: z.array(lastErrorSchema).max(1000),
});

export const sharedCooldownsInputSchema = z.object({ now: instant });

export const deploymentHealthInputSchema = z.object({
  now: instant,
  /** Outcome counts cover this many minutes, the current one included. */
  windowMinutes: z.int().min(1).max(60),
});

export type CooldownTransition = z.infer<typeof cooldownTransitionSchema>;
export type OutcomeCount = z.infer<typeof outcomeCountSchema>;
export type LastError = z.infer<typeof lastErrorSchema>;
export type HealthReport = z.infer<typeof healthReportSchema>;
export type SharedCooldownsInput = z.infer<typeof sharedCooldownsInputSchema>;
export type DeploymentHealthInput = z.infer<typeof deploymentHealthInputSchema>;

/** A cooldown still running at the caller's `now`, in the shape CooldownTracker.importState merges. */
export interface SharedCooldown {
  deploymentId: string;
  cooledAt: number;
  until: number;
  failureClass: LastError["kind"];
}

export interface DeploymentHealthRecord {
  deploymentId: string;
  /** The running cooldown, if any. */
  cooldown: { cooledAt: number; until: number; failureClass: LastError["kind"] } | null;
  successes: number;
  failures: number;
  successLatencyMsSum: number;
  lastError: { kind: LastError["kind"]; status: number | null; at: number } | null;
}

/** Parses an RPC input or throws a `TypeError` naming every bad field (see parse-rpc-input.ts). */
export function parseRoutingHealthInput<Schema extends z.ZodType>(
  method: string,
  schema: Schema,
  input: unknown,
): z.output<Schema> {
  return parseRpcInput("RoutingHealth", method, schema, input);
}
