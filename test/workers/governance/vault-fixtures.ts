import { expect } from "vitest";
import { callAdmin, postAdmin } from "../../helpers/call-admin.ts";
import { callGateway } from "../../helpers/call-gateway.ts";

/** A GitHub-style token, unique per call and assembled so that secret scanners do not take this file for a leak. */
export function fakeToken(): string {
  return ["ghp", crypto.randomUUID().replace(/-/g, "").slice(0, 24), "Zq9"].join("_");
}

export interface TestAgent {
  id: string;
  key: string;
}

export async function newTeam(): Promise<string> {
  const teamId = `team-${crypto.randomUUID()}`;
  expect((await postAdmin("/team/new", { team_id: teamId })).status).toBe(200);
  return teamId;
}

export async function newAgent(teamId: string): Promise<TestAgent> {
  const created = await postAdmin("/agents", {
    team_id: teamId,
    name: `agent ${crypto.randomUUID()}`,
    harness: "custom",
    default_model: "demo",
  });
  if (created.status !== 200) throw new Error(`POST /agents failed: ${JSON.stringify(created.body)}`);
  return { id: String(created.body.agent_id), key: String(created.body.key) };
}

export interface TestCredential {
  id: string;
  stub: string;
  secret: string;
}

export async function newCredential(teamId: string, body: Record<string, unknown>): Promise<TestCredential> {
  const secret = typeof body.secret === "string" ? body.secret : fakeToken();
  const created = await postAdmin("/vault/credentials", {
    team_id: teamId,
    name: `github ${crypto.randomUUID()}`,
    injection: { in: "header", name: "authorization", template: "Bearer {{secret}}" },
    destinations: [{ host: "api.github.com" }],
    ...body,
    secret,
  });
  if (created.status !== 201) throw new Error(`POST /vault/credentials failed: ${JSON.stringify(created.body)}`);
  return { id: String(created.body.id), stub: String(created.body.stub), secret };
}

/** A request through the egress proxy, the agent's key in x-switchyard-key. */
export function egress(url: string, agentKey: string | null, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  if (agentKey !== null) headers.set("x-switchyard-key", agentKey);
  return callGateway(`/egress/${url}`, { ...init, headers });
}

export interface AuditEntryView {
  action: string;
  actor: { label: string; role: string };
  target: { type: string; id: string | null };
  team_id: string | null;
  details: Record<string, unknown>;
}

export async function auditEntries(query: string): Promise<AuditEntryView[]> {
  const listed = await callAdmin(`/audit?${query}`);
  expect(listed.status).toBe(200);
  return listed.body.entries as AuditEntryView[];
}
