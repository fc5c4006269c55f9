import { describe, expect, it } from "vitest";
import { auditActionOf } from "../../../workers/admin/audit/audit-action-of.ts";
import { redactAuditDetails } from "../../../workers/admin/audit/redact-audit-details.ts";

describe("auditActionOf", () => {
  it.each([
    ["POST", "/key/generate", "key.generate", "key"],
    ["POST", "/key/unblock", "key.unblock", "key"],
    ["POST", "/team/new", "team.new", "team"],
    ["POST", "/config", "config.activate", "config"],
    ["POST", "/model/new", "model.new", "model"],
    ["POST", "/model_prices/import", "model_price.import", "model_price"],
    ["DELETE", "/model_prices", "model_price.clear", "model_price"],
    ["POST", "/agents", "agent.create", "agent"],
    ["PATCH", "/agents/:id", "agent.update", "agent"],
    ["DELETE", "/agents/:id", "agent.delete", "agent"],
    ["POST", "/agents/:id/keys/rotate", "agent.key.rotate", "agent"],
    ["POST", "/agents/:id/memory", "agent.memory.create", "agent"],
    ["POST", "/sessions/:id/spans/:span/replay", "session.span.replay", "session"],
  ] as const)("%s %s is %s on a %s", (method, pattern, action, targetType) => {
    expect(auditActionOf(method, pattern)).toEqual({ action, targetType });
  });
});

describe("redactAuditDetails", () => {
  it("keeps a key's display prefix, hashes and env references, and removes other credentials", () => {
    const hash = "a".repeat(64);
    expect(
      redactAuditDetails({
        key: "sk-abcdefghijklmnop1234",
        keys: ["sk-abcdefghijklmnopWXYZ", hash],
        key_alias: "kept",
        litellm_params: {
          api_key: "provider-secret",
          aws_secret_access_key: "aws-secret",
          aws_access_key_id: "AKIAEXAMPLE",
          vertex_credentials: '{"private_key":"x"}',
          api_base: "https://example.test",
          master_key: "os.environ/MASTER_KEY",
        },
        metadata: { note: "old key sk-abcdefghijklmnopQRST leaked here", tpm_limit: 5 },
      }),
    ).toEqual({
      key: "sk-...1234",
      keys: ["sk-...WXYZ", hash],
      key_alias: "kept",
      litellm_params: {
        api_key: "[REDACTED]",
        aws_secret_access_key: "[REDACTED]",
        aws_access_key_id: "[REDACTED]",
        vertex_credentials: "[REDACTED]",
        api_base: "https://example.test",
        master_key: "os.environ/MASTER_KEY",
      },
      metadata: { note: "old key sk-...QRST leaked here", tpm_limit: 5 },
    });
  });

  it("cuts long strings and arrays", () => {
    const redacted = redactAuditDetails({ text: "x".repeat(400), list: Array.from({ length: 52 }, (_, i) => i) });
    expect(redacted).toEqual({
      text: `${"x".repeat(300)}…[400 chars]`,
      list: [...Array.from({ length: 50 }, (_, i) => i), "…[2 more]"],
    });
  });
});
