import type { vaultCredentials } from "../../core/db/schema.ts";
import { envelopeKeyId } from "../../core/secrets/secret-envelope.ts";

type VaultCredentialRow = typeof vaultCredentials.$inferSelect;

/**
 * A credential as the admin API shows it: bindings, grants and the stub, never the secret (not even a
 * preview); `sealed_with` names the encryption key, so an operator can see what a key rotation left behind.
 */
export function vaultCredentialView(row: VaultCredentialRow) {
  return {
    id: row.id,
    team_id: row.teamId,
    name: row.name,
    description: row.description,
    stub: row.stub,
    destinations: row.destinations,
    injection: row.injection,
    allowed_agents: row.allowedAgents,
    sealed_with: envelopeKeyId(row.sealedSecret) ?? null,
    created_by: row.createdBy,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
    rotated_at: row.rotatedAt,
  };
}

/** What an agent is handed for a credential: the stub and where it works. */
export function agentCredentialView(row: VaultCredentialRow) {
  return {
    id: row.id,
    name: row.name,
    stub: row.stub,
    env_name: envNameOf(row.name),
    destinations: row.destinations,
    injection: row.injection,
  };
}

/** `github token` → `GITHUB_TOKEN`: the variable an agent's runtime keeps the stub in. */
export function envNameOf(name: string): string {
  const upper = name
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  return /^[A-Z_]/.test(upper) ? upper : `CREDENTIAL_${upper}`;
}
