// Realistic data for the screenshots, made the way production gets it: teams, keys and agents through the
// admin API, then agent sessions and plain traffic through the gateway, answered by the demo upstream.
import type { AdminApiClient } from "./admin-api-client.ts";
import { runAgentSession } from "./agent-session-runner.ts";
import { demoConfig } from "./demo-config.ts";

export interface DemoSeed {
  /** The agent whose page and session trace the screenshots show. */
  agentId: string;
  sessionId: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function chat(gatewayUrl: string, key: string, model: string, content: string): Promise<number> {
  const response = await fetch(`${gatewayUrl}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ model, messages: [{ role: "user", content }], max_tokens: 512 }),
  });
  await response.body?.cancel();
  return response.status;
}

/** Runs `count` calls, `parallel` at a time. */
async function burst(count: number, parallel: number, call: (index: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < count) {
        const index = next++;
        await call(index);
        await sleep(100 + Math.random() * 300);
      }
    }),
  );
}

async function createAgents(admin: AdminApiClient) {
  const repo = await admin.call<{ agent_id: string; key: string }>("POST", "/agents", {
    agent_id: "repo-maintainer",
    name: "repo-maintainer",
    team_id: "platform",
    harness: "claude-code",
    default_model: "claude-sonnet",
    description: "Keeps the monorepo green: triages CI failures and opens fix PRs.",
    system_prompt: "You maintain the Switchyard monorepo. Reproduce failures before fixing them.",
    allowed_tools: ["read_file", "run_tests", "search_code"],
    tags: ["ci", "monorepo"],
    max_budget: 30,
    budget_duration: "30d",
    trace_policy: { bodies: "full", retention_days: 30 },
  });
  await admin.call("PATCH", "/agents/repo-maintainer", {
    system_prompt: "You maintain the Switchyard monorepo. Reproduce failures before fixing them; keep diffs small.",
    env: { LOG_LEVEL: "info" },
    comment: "Smaller diffs; log level",
  });
  await admin.call("PATCH", "/agents/repo-maintainer", {
    max_budget: 40,
    tags: ["ci", "monorepo", "on-call"],
    env: { LOG_LEVEL: "debug", REPOSITORY: "switchyard" },
    comment: "More budget for the on-call week",
  });
  const notes = await admin.call<{ key: string }>("POST", "/agents", {
    agent_id: "release-notes",
    name: "release-notes",
    team_id: "platform",
    harness: "codex",
    default_model: "gpt-4o",
    description: "Drafts release notes from the git history.",
    allowed_tools: ["git_log", "read_file"],
    tags: ["release"],
  });
  const triage = await admin.call<{ key: string }>("POST", "/agents", {
    agent_id: "ticket-triage",
    name: "ticket-triage",
    team_id: "growth",
    harness: "opencode",
    default_model: "gpt-4o-mini",
    description: "Labels and deduplicates incoming support tickets.",
    allowed_tools: ["list_tickets", "search_code"],
    tags: ["support"],
  });
  return { repo, notes, triage };
}

export async function seedDemoData(admin: AdminApiClient, gatewayUrl: string, apiBase: string): Promise<DemoSeed> {
  await admin.importConfig(demoConfig(apiBase, false), "Initial providers");
  await admin.importConfig(demoConfig(apiBase, true), "Add Groq llama-3.3-70b");
  for (const team of [
    { team_id: "platform", team_alias: "Platform", max_budget: 50, budget_duration: "30d", rpm_limit: 600 },
    { team_id: "research", team_alias: "Research", max_budget: 20, budget_duration: "30d", tpm_limit: 400000 },
    { team_id: "growth", team_alias: "Growth", max_budget: 0.1, budget_duration: "30d" },
  ]) {
    await admin.call("POST", "/team/new", team);
  }
  const key = (body: Record<string, unknown>) =>
    admin.call<{ key: string; token: string }>("POST", "/key/generate", body);
  const ci = await key({
    key_alias: "ci-pipeline",
    team_id: "platform",
    max_budget: 25,
    budget_duration: "30d",
    models: ["gpt-4o-mini", "deepseek-chat"],
    rpm_limit: 120,
  });
  const notebooks = await key({ key_alias: "data-notebooks", team_id: "research", max_budget: 10, tpm_limit: 200000 });
  const support = await key({ key_alias: "support-bot", team_id: "growth", max_budget: 0.06, budget_duration: "30d" });
  await key({ key_alias: "finance-viewer", role: "viewer" });
  await key({ key_alias: "research-lead", team_id: "research", role: "team_admin" });
  const old = await key({ key_alias: "old-laptop", team_id: "platform" });
  await admin.call("POST", "/key/block", { key: old.token });
  const agents = await createAgents(admin);

  const sessionId = `sess-fix-ci-${Date.now().toString(36)}`;
  const repoSessions = [
    {
      id: sessionId,
      turns: [
        "CI is red on main: test/workers/gateway fails. Find out why and fix it.",
        "Also run the full gateway suite.",
      ],
    },
    {
      id: `sess-refactor-${Date.now().toString(36)}`,
      turns: ["Rename resolveConfig to resolveGatewayConfig everywhere."],
    },
    {
      id: `sess-flaky-${Date.now().toString(36)}`,
      turns: ["Which tests flaked this week?", "Quarantine the worst one."],
    },
  ];
  await Promise.all([
    ...repoSessions.map((session) =>
      runAgentSession({
        gatewayUrl,
        key: agents.repo.key,
        sessionId: session.id,
        model: "claude-sonnet",
        system: "You maintain the Switchyard monorepo.",
        tools: ["read_file", "run_tests", "search_code"],
        turns: session.turns,
      }),
    ),
    ...["v0.5.0", "v0.5.1"].map((version) =>
      runAgentSession({
        gatewayUrl,
        key: agents.notes.key,
        sessionId: `release-${version}-${Date.now().toString(36)}`,
        model: "gpt-4o",
        system: "You write release notes.",
        tools: ["git_log", "read_file"],
        turns: [`Draft the release notes for ${version}.`],
      }),
    ),
    runAgentSession({
      gatewayUrl,
      key: agents.triage.key,
      sessionId: `triage-${Date.now().toString(36)}`,
      model: "gpt-4o-mini",
      system: "You triage support tickets.",
      tools: ["list_tickets", "search_code"],
      turns: ["Triage the open bug tickets.", "Merge the duplicates."],
    }),
    burst(18, 3, (index) =>
      chat(gatewayUrl, ci.key, index % 3 === 0 ? "deepseek-chat" : "gpt-4o-mini", `Summarize build log #${index}`),
    ),
    burst(10, 2, (index) =>
      chat(gatewayUrl, notebooks.key, index % 2 === 0 ? "mistral-large" : "deepseek-chat", `Explain cell ${index}`),
    ),
    burst(12, 3, (index) => chat(gatewayUrl, notebooks.key, "llama-3.3-70b", `Classify sample ${index}`)),
    burst(14, 2, (index) =>
      chat(gatewayUrl, support.key, "gpt-4o", `Customer question ${index}: how do I reset my password?`),
    ),
  ]);
  // A key asking for a model it may not use: refused, and the audit log records it.
  await chat(gatewayUrl, ci.key, "claude-sonnet", "Can I use the expensive model?");
  return { agentId: "repo-maintainer", sessionId };
}
