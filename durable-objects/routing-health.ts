import { DurableObject } from "cloudflare:workers";
import { z } from "zod";
import { FAILURE_CLASSES, type FailureClass } from "../workers/core/routing/failure-class.ts";
import { migrateSqliteSchema } from "./migrate-sqlite-schema.ts";
import {
  type CooldownTransition,
  type DeploymentHealthInput,
  type DeploymentHealthRecord,
  deploymentHealthInputSchema,
  type HealthReport,
  healthReportSchema,
  parseRoutingHealthInput,
  type SharedCooldown,
  type SharedCooldownsInput,
  sharedCooldownsInputSchema,
} from "./routing-health-rpc.ts";

/**
 * The shared memory of deployment health (one instance, `ROUTING_HEALTH_NAME`).
 * Gateway isolates keep their own CooldownTracker and never wait on this
 * object: they push what they saw (cooldown transitions at once, outcome
 * counts at most once a second) and pull the running cooldowns in the
 * background with their config refresh (workers/gateway/shared-routing-health.ts).
 * The admin API reads the per-deployment view through AdminRpc.
 *
 * Storage (SQLite):
 *   schema_version(version)               — migrations run once per object, in the constructor
 *   cooldowns(deployment_id PK, cooled_at, until, failure_class)
 *                                         — the latest cooldown per deployment (a later `until` wins, as in
 *                                           CooldownTracker.importState); a recovery reported after it began
 *                                           deletes it; kept an hour after it ends
 *   outcomes(deployment_id, minute, successes, failures, success_latency_ms_sum) PK (deployment_id, minute)
 *                                         — attempts per deployment per minute, summed over isolates; kept an hour
 *   last_errors(deployment_id PK, kind, status, at)
 *                                         — the newest failure per deployment; kept a day
 */
const MIGRATIONS: ReadonlyArray<readonly string[]> = [
  [
    `CREATE TABLE IF NOT EXISTS cooldowns (
      deployment_id TEXT PRIMARY KEY, cooled_at INTEGER NOT NULL, until INTEGER NOT NULL, failure_class TEXT NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS outcomes (
      deployment_id TEXT NOT NULL, minute INTEGER NOT NULL, successes INTEGER NOT NULL, failures INTEGER NOT NULL,
      success_latency_ms_sum REAL NOT NULL, PRIMARY KEY (deployment_id, minute))`,
    "CREATE INDEX IF NOT EXISTS outcomes_by_minute ON outcomes (minute)",
    `CREATE TABLE IF NOT EXISTS last_errors (
      deployment_id TEXT PRIMARY KEY, kind TEXT NOT NULL, status INTEGER, at INTEGER NOT NULL)`,
  ],
];
const OUTCOME_RETENTION_MINUTES = 60;
const COOLDOWN_RETENTION_MS = 3_600_000;
const LAST_ERROR_RETENTION_MS = 86_400_000;

type CooldownRow = { deployment_id: string; cooled_at: number; until: number; failure_class: string };
type OutcomeSumRow = { deployment_id: string; successes: number; failures: number; latency: number };
type LastErrorRow = { deployment_id: string; kind: string; status: number | null; at: number };

function minuteOf(now: number): number {
  return Math.floor(now / 60_000);
}

const failureClassSchema = z.enum(FAILURE_CLASSES);

/** Rows are written only from validated reports, so anything else in the column is a bug. */
function failureClassOf(value: string): FailureClass {
  return failureClassSchema.parse(value);
}

export class RoutingHealth extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => this.migrate());
  }

  private migrate(): void {
    migrateSqliteSchema(this.ctx.storage, MIGRATIONS);
  }

  /** One isolate's batch: cooldown transitions in the order they happened, outcome counts, newest errors. */
  async report(input: HealthReport): Promise<void> {
    const report = parseRoutingHealthInput("report", healthReportSchema, input);
    this.ctx.storage.transactionSync(() => {
      for (const transition of report.transitions) this.applyTransition(transition);
      const sql = this.ctx.storage.sql;
      for (const outcome of report.outcomes) {
        sql.exec(
          `INSERT INTO outcomes (deployment_id, minute, successes, failures, success_latency_ms_sum)
           VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (deployment_id, minute) DO UPDATE SET
             successes = successes + excluded.successes,
             failures = failures + excluded.failures,
             success_latency_ms_sum = success_latency_ms_sum + excluded.success_latency_ms_sum`,
          outcome.deploymentId,
          outcome.minute,
          outcome.successes,
          outcome.failures,
          outcome.successLatencyMsSum,
        );
      }
      for (const error of report.lastErrors) {
        sql.exec(
          `INSERT INTO last_errors (deployment_id, kind, status, at) VALUES (?, ?, ?, ?)
           ON CONFLICT (deployment_id) DO UPDATE SET kind = excluded.kind, status = excluded.status, at = excluded.at
           WHERE excluded.at >= last_errors.at`,
          error.deploymentId,
          error.kind,
          error.status,
          error.at,
        );
      }
      this.prune(report.now);
    });
  }

  /** Cooldowns still running at `now`: what every isolate merges into its own tracker. */
  async sharedCooldowns(input: SharedCooldownsInput): Promise<SharedCooldown[]> {
    const { now } = parseRoutingHealthInput("sharedCooldowns", sharedCooldownsInputSchema, input);
    return this.runningCooldowns(now).map((row) => ({
      deploymentId: row.deployment_id,
      cooledAt: row.cooled_at,
      until: row.until,
      failureClass: failureClassOf(row.failure_class),
    }));
  }

  /** Every deployment with anything recorded, sorted by id; the admin API joins it with the active config. */
  async deploymentHealth(input: DeploymentHealthInput): Promise<DeploymentHealthRecord[]> {
    const { now, windowMinutes } = parseRoutingHealthInput("deploymentHealth", deploymentHealthInputSchema, input);
    const sql = this.ctx.storage.sql;
    const records = new Map<string, DeploymentHealthRecord>();
    const recordFor = (deploymentId: string): DeploymentHealthRecord => {
      let record = records.get(deploymentId);
      if (record === undefined) {
        record = { deploymentId, cooldown: null, successes: 0, failures: 0, successLatencyMsSum: 0, lastError: null };
        records.set(deploymentId, record);
      }
      return record;
    };
    for (const row of this.runningCooldowns(now)) {
      recordFor(row.deployment_id).cooldown = {
        cooledAt: row.cooled_at,
        until: row.until,
        failureClass: failureClassOf(row.failure_class),
      };
    }
    const sums = sql.exec<OutcomeSumRow>(
      `SELECT deployment_id, sum(successes) AS successes, sum(failures) AS failures,
              sum(success_latency_ms_sum) AS latency
       FROM outcomes WHERE minute > ? AND minute <= ? GROUP BY deployment_id`,
      minuteOf(now) - windowMinutes,
      minuteOf(now),
    );
    for (const row of sums) {
      const record = recordFor(row.deployment_id);
      record.successes = row.successes;
      record.failures = row.failures;
      record.successLatencyMsSum = row.latency;
    }
    for (const row of sql.exec<LastErrorRow>("SELECT deployment_id, kind, status, at FROM last_errors")) {
      recordFor(row.deployment_id).lastError = { kind: failureClassOf(row.kind), status: row.status, at: row.at };
    }
    return [...records.values()].sort((left, right) => left.deploymentId.localeCompare(right.deploymentId));
  }

  private applyTransition(transition: CooldownTransition): void {
    const sql = this.ctx.storage.sql;
    switch (transition.kind) {
      case "cooled":
        sql.exec(
          `INSERT INTO cooldowns (deployment_id, cooled_at, until, failure_class) VALUES (?, ?, ?, ?)
           ON CONFLICT (deployment_id) DO UPDATE SET
             cooled_at = excluded.cooled_at, until = excluded.until, failure_class = excluded.failure_class
           WHERE excluded.until > cooldowns.until`,
          transition.deploymentId,
          transition.at,
          transition.until,
          transition.failureClass,
        );
        return;
      case "recovered":
        // A probe that succeeded after the cooldown began ends it for everyone; an older
        // success (reported late) must not cancel a newer cooldown.
        sql.exec(
          "DELETE FROM cooldowns WHERE deployment_id = ? AND cooled_at <= ?",
          transition.deploymentId,
          transition.at,
        );
        return;
      default: {
        const unreachable: never = transition;
        throw new TypeError(`RoutingHealth: unknown transition ${JSON.stringify(unreachable)}`);
      }
    }
  }

  private runningCooldowns(now: number): CooldownRow[] {
    return this.ctx.storage.sql
      .exec<CooldownRow>(
        "SELECT deployment_id, cooled_at, until, failure_class FROM cooldowns WHERE until > ? ORDER BY deployment_id",
        now,
      )
      .toArray();
  }

  private prune(now: number): void {
    const sql = this.ctx.storage.sql;
    sql.exec("DELETE FROM outcomes WHERE minute < ?", minuteOf(now) - OUTCOME_RETENTION_MINUTES);
    sql.exec("DELETE FROM cooldowns WHERE until < ?", now - COOLDOWN_RETENTION_MS);
    sql.exec("DELETE FROM last_errors WHERE at < ?", now - LAST_ERROR_RETENTION_MS);
  }
}
