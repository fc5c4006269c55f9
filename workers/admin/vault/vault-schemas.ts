/** Admin API bodies and queries for the credential vault (`/vault/credentials/*`). */
import { z } from "zod";
import {
  vaultAllowedAgentsSchema,
  vaultDestinationSchema,
  vaultInjectionSchema,
  vaultSecretSchema,
} from "../../core/vault/vault-credential-schemas.ts";

const name = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[^\p{Cc}]+$/u, "expected a name without control characters");
const destinations = z.array(vaultDestinationSchema).min(1).max(50);

export const vaultCredentialCreateSchema = z.strictObject({
  team_id: z.string().min(1).max(100).optional(),
  name,
  description: z.string().max(2000).nullable().optional(),
  /** Shown here once, sealed at rest, never returned. */
  secret: vaultSecretSchema,
  destinations,
  injection: vaultInjectionSchema,
  allowed_agents: vaultAllowedAgentsSchema.default([]),
});

/** Everything but the secret (that is rotated) and the team (a credential does not move between teams). */
export const vaultCredentialUpdateSchema = z.strictObject({
  name: name.optional(),
  description: z.string().max(2000).nullable().optional(),
  destinations: destinations.optional(),
  injection: vaultInjectionSchema.optional(),
  allowed_agents: vaultAllowedAgentsSchema.optional(),
});

export const vaultCredentialRotateSchema = z.strictObject({ secret: vaultSecretSchema });

export const vaultCredentialListQuerySchema = z.strictObject({
  team_id: z.string().min(1).max(100).optional(),
  agent_id: z.string().min(1).max(200).optional(),
});
