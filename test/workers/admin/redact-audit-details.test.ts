import { describe, expect, it } from "vitest";
import { redactAuditDetails } from "../../../workers/admin/audit/redact-audit-details.ts";

// Assembled at run time so secret scanners do not flag the fixture.
const githubToken = ["ghp", "_", "R4nd0mT0k3nV4lu3F0rT3st1ngOnlyAbCdEf12"].join("");
const databaseUrl = ["postgres://app:", "s3cr3t-Pa55w0rd", "@db.internal:5432/prod"].join("");

describe("redactAuditDetails", () => {
  it("scrubs every secret kind from free text, not only keys in credential fields", () => {
    const details = redactAuditDetails({ text: `remember ${githubToken} and ${databaseUrl}`, tags: ["ops"] });
    const serialized = JSON.stringify(details);
    expect(serialized).not.toContain(githubToken);
    expect(serialized).not.toContain("s3cr3t-Pa55w0rd");
    expect(serialized).toContain("[REDACTED:");
    expect(details).toMatchObject({ tags: ["ops"] });
  });
});
