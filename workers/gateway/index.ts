import { gatewayApp } from "./app.ts";
import { scheduledMaintenance } from "./scheduled-maintenance.ts";
import { consumeSpendBatch } from "./spend/consume-spend-batch.ts";

export { AgentControl } from "../../durable-objects/agent-control.ts";
export { AgentMemory } from "../../durable-objects/agent-memory.ts";
export { AgentSession } from "../../durable-objects/agent-session.ts";
export { AuditLog } from "../../durable-objects/audit-log.ts";
export { BudgetCounter } from "../../durable-objects/budget-counter.ts";
export { RoutingHealth } from "../../durable-objects/routing-health.ts";
export { AdminRpc } from "./admin-rpc.ts";

export default {
  fetch: gatewayApp.fetch,
  queue: consumeSpendBatch,
  scheduled: scheduledMaintenance,
} satisfies ExportedHandler<Env>;
