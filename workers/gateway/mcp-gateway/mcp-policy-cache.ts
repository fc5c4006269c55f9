import { desc, eq, gt, max } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { agents, mcpPolicyChanges, mcpServers, toolPolicies } from "../../core/db/schema.ts";
import { ALLOW_ALL_TOOL_POLICY, type ToolPolicy, toolPolicySchema } from "../../core/governance/tool-policy-schema.ts";
import { ConfigKeyError, configKeyringFrom } from "../../core/secrets/config-keyring.ts";
import { openSecret } from "../../core/secrets/secret-envelope.ts";

const DEFAULT_REFRESH_MS = 2000;
const MAX_ENTRIES = 10_000;
const CHANGES_PER_POLL = 1000;

/** What the MCP gateway needs of an agent: its team, its servers, its tool policy and that policy's version. */
export interface McpAgentPolicy {
  agentId: string;
  teamId: string;
  allowedMcpServers: readonly string[];
  deleted: boolean;
  policy: ToolPolicy;
  /** 0: the agent never had a stored policy (ALLOW_ALL_TOOL_POLICY). */
  policyVersion: number;
}

/** A registered upstream, with its credentials opened: only ever held in memory. */
export interface McpUpstream {
  name: string;
  url: string;
  teamId: string | null;
  timeoutMs: number;
  /** Plain headers and opened credentials, to send with every upstream request. */
  headers: Record<string, string>;
  /** The opened credential values, scrubbed from whatever the upstream answers. */
  secrets: readonly string[];
  /** Credentials that could not be opened: the server is refused rather than called without them. */
  unusable: string | undefined;
}

async function openCredentials(sealed: Record<string, string>, env: Env) {
  const headers: Record<string, string> = {};
  if (Object.keys(sealed).length === 0) return { headers, unusable: undefined };
  let keyring: Awaited<ReturnType<typeof configKeyringFrom>>;
  try {
    keyring = await configKeyringFrom(env);
  } catch (error) {
    if (!(error instanceof ConfigKeyError)) throw error;
    return { headers, unusable: error.message };
  }
  for (const [name, envelope] of Object.entries(sealed)) {
    const opened = await openSecret(envelope, keyring);
    if (!opened.ok) return { headers, unusable: `credential '${name}' could not be decrypted (${opened.reason})` };
    headers[name] = opened.plaintext;
  }
  return { headers, unusable: undefined };
}

/**
 * Agents' tool policies and the upstream registry, cached in the isolate. Every write to either is
 * logged to mcp_policy_changes (by trigger); once CONFIG_REFRESH_MS has passed, the next request waits
 * for one query of that log and evicts what changed, so an edit applies to every request that starts
 * more than CONFIG_REFRESH_MS after it, without a redeploy. Unlike the model path's key cache, the wait
 * is taken on the request: a tool call already waits on its upstream, and a policy must not lag by one.
 */
export class McpPolicyCache {
  private readonly agents = new Map<string, Promise<McpAgentPolicy | null>>();
  private readonly servers = new Map<string, Promise<McpUpstream | null>>();
  private lastSeq: number | undefined;
  private checkedAt = 0;
  private polling: Promise<void> | undefined;

  async agent(env: Env, agentId: string): Promise<McpAgentPolicy | null> {
    await this.fresh(env);
    return this.cached(this.agents, agentId, () => loadAgent(env, agentId));
  }

  async server(env: Env, name: string): Promise<McpUpstream | null> {
    await this.fresh(env);
    return this.cached(this.servers, name, () => loadServer(env, name));
  }

  clear(): void {
    this.agents.clear();
    this.servers.clear();
    this.lastSeq = undefined;
    this.checkedAt = 0;
  }

  private cached<Value>(map: Map<string, Promise<Value>>, key: string, load: () => Promise<Value>): Promise<Value> {
    let entry = map.get(key);
    if (entry === undefined) {
      if (map.size >= MAX_ENTRIES) map.clear();
      entry = load();
      // A failed load is not cached: the next request tries again.
      void entry.catch(() => map.delete(key));
      map.set(key, entry);
    }
    return entry;
  }

  private async fresh(env: Env): Promise<void> {
    const refreshMs = Number(env.CONFIG_REFRESH_MS ?? DEFAULT_REFRESH_MS);
    if (this.lastSeq !== undefined && Date.now() - this.checkedAt < refreshMs) return;
    this.polling ??= this.poll(env).finally(() => {
      this.polling = undefined;
    });
    try {
      await this.polling;
    } catch (error) {
      // A cold isolate cannot know what is current: refuse rather than guess. A warm one serves what it has.
      if (this.lastSeq === undefined) throw error;
      console.error("mcp policy change poll failed; serving cached policies", error);
    }
  }

  private async poll(env: Env): Promise<void> {
    const db = drizzle(env.DB);
    if (this.lastSeq === undefined) {
      const row = await db
        .select({ seq: max(mcpPolicyChanges.seq) })
        .from(mcpPolicyChanges)
        .get();
      this.agents.clear();
      this.servers.clear();
      this.lastSeq = row?.seq ?? 0;
      this.checkedAt = Date.now();
      return;
    }
    const changes = await db
      .select({ seq: mcpPolicyChanges.seq, subject: mcpPolicyChanges.subject })
      .from(mcpPolicyChanges)
      .where(gt(mcpPolicyChanges.seq, this.lastSeq))
      .orderBy(mcpPolicyChanges.seq)
      .limit(CHANGES_PER_POLL);
    this.checkedAt = Date.now();
    for (const change of changes) {
      if (change.subject.startsWith("agent:")) this.agents.delete(change.subject.slice("agent:".length));
      else if (change.subject.startsWith("server:")) this.servers.delete(change.subject.slice("server:".length));
      this.lastSeq = change.seq;
    }
  }
}

async function loadAgent(env: Env, agentId: string): Promise<McpAgentPolicy | null> {
  const db = drizzle(env.DB);
  const [agentRows, policyRows] = await db.batch([
    db
      .select({ teamId: agents.teamId, allowed: agents.allowedMcpServers, deletedAt: agents.deletedAt })
      .from(agents)
      .where(eq(agents.id, agentId))
      .limit(1),
    db
      .select({ version: toolPolicies.version, policy: toolPolicies.policy })
      .from(toolPolicies)
      .where(eq(toolPolicies.agentId, agentId))
      .orderBy(desc(toolPolicies.version))
      .limit(1),
  ]);
  const agent = agentRows[0];
  if (agent === undefined) return null;
  const stored = policyRows[0];
  const parsed = stored === undefined ? undefined : toolPolicySchema.safeParse(stored.policy);
  if (parsed !== undefined && !parsed.success) {
    // Written through the admin API's schema; a row that no longer parses denies everything rather than nothing.
    console.error(`tool policy v${stored?.version} of agent ${agentId} does not parse; denying its tool calls`);
  }
  return {
    agentId,
    teamId: agent.teamId,
    allowedMcpServers: agent.allowed,
    deleted: agent.deletedAt !== null,
    policy:
      parsed === undefined
        ? ALLOW_ALL_TOOL_POLICY
        : parsed.success
          ? parsed.data
          : { default_action: "deny", approval_timeout_ms: 300_000, rules: [] },
    policyVersion: stored?.version ?? 0,
  };
}

async function loadServer(env: Env, name: string): Promise<McpUpstream | null> {
  const row = await drizzle(env.DB).select().from(mcpServers).where(eq(mcpServers.name, name)).get();
  if (row === undefined) return null;
  const { headers: credentials, unusable } = await openCredentials(row.credentials, env);
  return {
    name: row.name,
    url: row.url,
    teamId: row.teamId,
    timeoutMs: row.timeoutMs,
    headers: { ...row.headers, ...credentials },
    secrets: Object.values(credentials).filter((value) => value.length >= 8),
    unusable,
  };
}

export const mcpPolicyCache = new McpPolicyCache();
