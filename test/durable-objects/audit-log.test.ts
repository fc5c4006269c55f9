import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { auditEntryHash } from "../../durable-objects/audit-entry-hash.ts";
import type { AuditLog } from "../../durable-objects/audit-log.ts";
import { type AuditAppendInput, GENESIS_HASH } from "../../durable-objects/audit-log-rpc.ts";

/** A fresh chain per test: storage outlives a single test, and the global instance is shared with other files. */
const freshLog = () => env.AUDIT_LOG.getByName(`test-${crypto.randomUUID()}`);
type Log = ReturnType<typeof freshLog>;

const T = Date.UTC(2026, 0, 15, 12, 0, 0);

const event = (parts: Partial<AuditAppendInput> & { eventId: string }): AuditAppendInput => ({
  at: T,
  actor: { label: "master", role: "admin", teamId: null },
  action: "key.generate",
  target: { type: "key", id: "3f2a" },
  teamId: null,
  details: {},
  ...parts,
});

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** Runs SQL inside the object, as someone with access to its storage would. */
const tamper = (log: Log, statement: string, ...bindings: Array<string | number>) =>
  runInDurableObject(log, (_instance: AuditLog, state) => {
    state.storage.sql.exec(statement, ...bindings);
  });

/** The TypeError a call throws, called in the object (a rejecting RPC through the stub leaks an unhandled rejection). */
const messageOf = (log: Log, call: (instance: AuditLog) => Promise<unknown>) =>
  runInDurableObject(log, (instance: AuditLog) =>
    call(instance).then(
      () => "resolved",
      (error: unknown) => (error instanceof TypeError ? error.message : "not a TypeError"),
    ),
  );

async function threeEntries(log: Log) {
  const first = await log.append(
    event({ eventId: "e1", details: { models: ["gpt-4o"], max_budget: 10, key_name: "sk-...wxyz" } }),
  );
  const second = await log.append(
    event({ eventId: "e2", at: T + 1, action: "team.new", target: { type: "team", id: "t-1" }, teamId: "t-1" }),
  );
  const third = await log.append(
    event({ eventId: "e3", at: T + 2, action: "config.activate", target: { type: "config", id: "7" } }),
  );
  return [first, second, third] as const;
}

describe("AuditLog: the chain", () => {
  it("links each entry to the one before and hashes a canonical serialization of its fields", async () => {
    const log = freshLog();
    const [first, second, third] = await threeEntries(log);
    expect([first.seq, second.seq, third.seq]).toEqual([1, 2, 3]);
    expect([first.duplicate, second.duplicate, third.duplicate]).toEqual([false, false, false]);

    // The preimage is pinned here: keys sorted, no whitespace, details as their canonical text.
    const preimage =
      '["switchyard-audit-v1",1,"e1",1768478400000,{"label":"master","role":"admin","teamId":null},' +
      '"key.generate",{"id":"3f2a","type":"key"},null,' +
      '"{\\"key_name\\":\\"sk-...wxyz\\",\\"max_budget\\":10,\\"models\\":[\\"gpt-4o\\"]}",' +
      `"${GENESIS_HASH}"]`;
    expect(first.hash).toBe(await sha256Hex(preimage));

    const { entries, nextCursor } = await log.list({});
    expect(nextCursor).toBeNull();
    expect(entries.map((entry) => [entry.seq, entry.action, entry.prevHash, entry.hash])).toEqual([
      [3, "config.activate", second.hash, third.hash],
      [2, "team.new", first.hash, second.hash],
      [1, "key.generate", GENESIS_HASH, first.hash],
    ]);
    expect(entries[2]).toEqual({
      seq: 1,
      eventId: "e1",
      at: T,
      actor: { label: "master", role: "admin", teamId: null },
      action: "key.generate",
      target: { type: "key", id: "3f2a" },
      teamId: null,
      detailsJson: '{"key_name":"sk-...wxyz","max_budget":10,"models":["gpt-4o"]}',
      prevHash: GENESIS_HASH,
      hash: first.hash,
    });
  });

  it("writes an event id once: a retried append returns the entry already in the chain", async () => {
    const log = freshLog();
    const [first] = await threeEntries(log);
    const retried = await log.append(event({ eventId: "e1", action: "key.delete", details: { other: true } }));
    expect(retried).toEqual({ seq: 1, hash: first.hash, duplicate: true });
    const { entries } = await log.list({});
    expect(entries).toHaveLength(3);
    expect(entries[2]?.action).toBe("key.generate");
  });

  it("keeps the chain contiguous under concurrent appends", async () => {
    const log = freshLog();
    const results = await Promise.all(
      Array.from({ length: 25 }, (_, index) => log.append(event({ eventId: `c${index}`, at: T + index }))),
    );
    expect(results.map((result) => result.seq).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 25 }, (_, index) => index + 1),
    );
    const verified = await log.verify();
    expect(verified).toMatchObject({ ok: true, count: 25, headSeq: 25 });
  });

  it("rejects malformed entries with a TypeError naming the field", async () => {
    const log = freshLog();
    expect(await messageOf(log, (instance) => instance.append(event({ eventId: "x", action: "KeyGenerate" })))).toBe(
      "AuditLog.append: invalid input: action: expected noun.verb in lowercase, e.g. key.generate",
    );
    expect(
      await messageOf(log, (instance) =>
        instance.append(event({ eventId: "y", details: { blob: "x".repeat(20_000) } })),
      ),
    ).toBe("AuditLog.append: invalid input: details: longer than 16384 characters");
    expect((await log.list({})).entries).toEqual([]);
  });
});

describe("AuditLog: verify", () => {
  it("reports ok with the count and the head hash", async () => {
    const log = freshLog();
    expect(await log.verify()).toEqual({ ok: true, count: 0, headSeq: 0, headHash: GENESIS_HASH });
    const [, , third] = await threeEntries(log);
    expect(await log.verify()).toEqual({ ok: true, count: 3, headSeq: 3, headHash: third.hash });
  });

  it("names the edited row when a row's content is changed", async () => {
    const log = freshLog();
    const [, second] = await threeEntries(log);
    await tamper(log, "UPDATE entries SET team_id = ? WHERE seq = 2", "t-other");
    const result = await log.verify();
    expect(result).toMatchObject({ ok: false, count: 1, seq: 2, reason: "hash_mismatch", stored: second.hash });
    expect(result.ok === false && result.expected).toMatch(/^[0-9a-f]{64}$/);
    expect(result.ok === false && result.expected).not.toBe(second.hash);
  });

  it("names the next row when the forger also recomputed the edited row's own hash", async () => {
    const log = freshLog();
    const [first, second] = await threeEntries(log);
    const forgedHash = await auditEntryHash({
      seq: 2,
      eventId: "e2",
      at: T + 1,
      actor: { label: "master", role: "admin", teamId: null },
      action: "team.new",
      target: { type: "team", id: "t-other" },
      teamId: "t-1",
      detailsJson: "{}",
      prevHash: first.hash,
    });
    await tamper(log, "UPDATE entries SET target_id = ?, hash = ? WHERE seq = 2", "t-other", forgedHash);
    expect(await log.verify()).toEqual({
      ok: false,
      count: 2,
      seq: 3,
      reason: "prev_hash_mismatch",
      expected: forgedHash,
      stored: second.hash,
    });
  });

  it("notices a deleted row", async () => {
    const log = freshLog();
    await threeEntries(log);
    await tamper(log, "DELETE FROM entries WHERE seq = 2");
    expect(await log.verify()).toEqual({
      ok: false,
      count: 1,
      seq: 3,
      reason: "seq_gap",
      expected: "2",
      stored: "3",
    });
  });

  it("keeps and extends the chain after the object is evicted", async () => {
    const log = freshLog();
    const [, , third] = await threeEntries(log);
    await evictDurableObject(log);
    expect(await log.verify()).toEqual({ ok: true, count: 3, headSeq: 3, headHash: third.hash });
    const fourth = await log.append(event({ eventId: "e4", at: T + 3 }));
    expect(fourth.seq).toBe(4);
    const { entries } = await log.list({ limit: 1 });
    expect(entries[0]?.prevHash).toBe(third.hash);
    expect(await log.verify()).toMatchObject({ ok: true, count: 4, headHash: fourth.hash });
  });
});

describe("AuditLog: list", () => {
  async function mixedEntries(log: Log) {
    await log.append(event({ eventId: "a", at: T, action: "key.generate" }));
    await log.append(event({ eventId: "b", at: T + 10, action: "key.update", teamId: "t-1" }));
    await log.append(
      event({
        eventId: "c",
        at: T + 20,
        action: "model_price.import",
        actor: { label: "sk-...abcd", role: "admin", teamId: null },
        target: { type: "model_price", id: "3" },
      }),
    );
    await log.append(event({ eventId: "d", at: T + 30, action: "model.new", target: { type: "model", id: "m-1" } }));
    await log.append(event({ eventId: "e", at: T + 40, action: "budget.refused", teamId: "t-1" }));
  }
  const ids = (page: { entries: Array<{ eventId: string }> }) => page.entries.map((entry) => entry.eventId);

  it("filters by action prefix, actor, target, team and time", async () => {
    const log = freshLog();
    await mixedEntries(log);
    expect(ids(await log.list({ actionPrefix: "key" }))).toEqual(["b", "a"]);
    expect(ids(await log.list({ actionPrefix: "key.gen" }))).toEqual(["a"]);
    // `_` is an ordinary character here, not a LIKE wildcard.
    expect(ids(await log.list({ actionPrefix: "model_" }))).toEqual(["c"]);
    expect(ids(await log.list({ actionPrefix: "model" }))).toEqual(["d", "c"]);
    expect(ids(await log.list({ actor: "sk-...abcd" }))).toEqual(["c"]);
    expect(ids(await log.list({ targetType: "model", targetId: "m-1" }))).toEqual(["d"]);
    expect(ids(await log.list({ teamId: "t-1" }))).toEqual(["e", "b"]);
    expect(ids(await log.list({ from: T + 10, to: T + 30 }))).toEqual(["c", "b"]);
  });

  it("pages newest first with a cursor", async () => {
    const log = freshLog();
    await mixedEntries(log);
    const first = await log.list({ limit: 2 });
    expect(ids(first)).toEqual(["e", "d"]);
    expect(first.nextCursor).toBe(4);
    const second = await log.list({ limit: 2, cursor: first.nextCursor ?? 0 });
    expect(ids(second)).toEqual(["c", "b"]);
    const last = await log.list({ limit: 2, cursor: second.nextCursor ?? 0 });
    expect(ids(last)).toEqual(["a"]);
    expect(last.nextCursor).toBeNull();
  });
});
