// Every place a secret could end up, read back as text, for secret-canaries.test.ts.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { vi } from "vitest";
import { AUDIT_LOG_NAME } from "../../durable-objects/audit-log-rpc.ts";
import { ROUTING_HEALTH_NAME } from "../../durable-objects/routing-health-rpc.ts";
import { sessionObjectName } from "../../workers/core/session/session-scope.ts";

/** A random string over `alphabet`: planted secrets must look generated to be recognised as secrets. */
export function randomText(
  length: number,
  alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
) {
  return Array.from(crypto.getRandomValues(new Uint8Array(length)), (byte) => alphabet[byte % alphabet.length]).join(
    "",
  );
}

/** An error with everything a log line would carry: message, stack, own fields and causes. */
function describeError(error: Error, depth: number): string {
  const fields = JSON.stringify({ ...error });
  const cause = error.cause === undefined || depth > 4 ? "" : ` cause: ${describeLogArgument(error.cause, depth + 1)}`;
  return `${error.name}: ${error.message} ${error.stack ?? ""} ${fields}${cause}`;
}

function describeLogArgument(argument: unknown, depth = 0): string {
  if (argument instanceof Error) return describeError(argument, depth);
  if (typeof argument === "string") return argument;
  try {
    return JSON.stringify(argument) ?? String(argument);
  } catch {
    return String(argument);
  }
}

/** Records everything written to the console from now on (and still prints nothing). */
export function captureConsole(): { lines: string[]; restore: () => void } {
  const lines: string[] = [];
  const spies = (["log", "info", "warn", "error", "debug"] as const).map((method) =>
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      lines.push(`${method}: ${args.map((argument) => describeLogArgument(argument)).join(" ")}`);
    }),
  );
  return {
    lines,
    restore: () => {
      for (const spy of spies) spy.mockRestore();
    },
  };
}

/** Tables a dump may read: SQLite's and Cloudflare's own bookkeeping tables are not ours and refuse reads. */
const isOwnTable = (name: string) =>
  !name.startsWith("sqlite_") && !name.startsWith("_cf_") && name !== "d1_migrations";

/** Every row of every table of the D1 database, as text. */
export async function dumpD1(): Promise<string> {
  const tables = await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all<{ name: string }>();
  const dumps: string[] = [];
  for (const { name } of tables.results.filter((table) => isOwnTable(table.name))) {
    const rows = await env.DB.prepare(`SELECT * FROM "${name}"`).all();
    dumps.push(`${name}: ${JSON.stringify(rows.results)}`);
  }
  return dumps.join("\n");
}

/** Every row of every table of one Durable Object's SQLite storage, as text. */
async function dumpDurableObject(stub: DurableObjectStub): Promise<string> {
  return runInDurableObject(stub, (_instance: unknown, state: DurableObjectState) => {
    const sql = state.storage.sql;
    const tables = sql.exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").toArray();
    return tables
      .filter((table) => isOwnTable(table.name))
      .map((table) => `${table.name}: ${JSON.stringify(sql.exec(`SELECT * FROM "${table.name}"`).toArray())}`)
      .join("\n");
  });
}

/** The storage of every session object the D1 index knows of, the audit log and the routing health object. */
export async function dumpDurableObjects(): Promise<string> {
  const sessions = await env.DB.prepare("SELECT scope, id FROM sessions").all<{ scope: string; id: string }>();
  const stubs: DurableObjectStub[] = [
    ...sessions.results.map((session) => env.AGENT_SESSION.getByName(sessionObjectName(session.scope, session.id))),
    env.AUDIT_LOG.getByName(AUDIT_LOG_NAME),
    env.ROUTING_HEALTH.getByName(ROUTING_HEALTH_NAME),
  ];
  const dumps = await Promise.all(stubs.map(dumpDurableObject));
  return dumps.join("\n");
}

/** A response as a client sees it: status, headers and body. */
export async function describeResponse(response: Response, body?: string): Promise<string> {
  const text = body ?? (await response.clone().text());
  return `${response.status} ${JSON.stringify([...response.headers])} ${text}`;
}
