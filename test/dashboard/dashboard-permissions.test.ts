import { describe, expect, it } from "vitest";
import { permissionsOf } from "../../dashboard/src/auth/permissions.ts";

const session = { key_alias: null, expires_at: null };

describe("what the dashboard offers each role", () => {
  it("gives a viewer read access only", () => {
    expect(permissionsOf({ ...session, role: "viewer", team_id: null })).toMatchObject({
      writeKeysAndAgents: false,
      manageTeams: false,
      importConfig: false,
      replaySpans: false,
      readOperations: true,
    });
  });

  it("lets a team_admin write within its team but not see operations views", () => {
    expect(permissionsOf({ ...session, role: "team_admin", team_id: "research" })).toMatchObject({
      ownTeam: "research",
      writeKeysAndAgents: true,
      manageTeams: false,
      importConfig: false,
      readOperations: false,
    });
  });

  it("gives an admin everything, unscoped", () => {
    expect(permissionsOf({ ...session, role: "admin", team_id: null })).toMatchObject({
      ownTeam: null,
      writeKeysAndAgents: true,
      manageTeams: true,
      importConfig: true,
      readOperations: true,
      replaySpans: true,
    });
  });
});
