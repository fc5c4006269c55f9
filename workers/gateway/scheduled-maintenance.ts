import { pruneSessionIndex } from "./session/prune-session-index.ts";

/**
 * The gateway's cron (`[triggers] crons` in wrangler.toml): prunes the D1 session index past each
 * session's retention. Session objects prune themselves (their alarm); spend logs are kept for billing.
 * A failure is thrown so the run shows as failed in the cron's history; the next run picks up the rest.
 */
export async function scheduledMaintenance(controller: ScheduledController, env: Env): Promise<void> {
  const pruned = await pruneSessionIndex(env.DB, controller.scheduledTime);
  console.log(JSON.stringify({ event: "session_index_pruned", sessions: pruned, cron: controller.cron }));
}
