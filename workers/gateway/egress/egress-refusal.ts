import type { DestinationMismatch } from "../../core/vault/match-destination.ts";

/** Why the egress proxy refused a request; each is audited (egress.denied) when a stub was involved. */
export type EgressRefusalReason =
  | "unknown_stub"
  | "agent_not_allowed"
  | "stub_misplaced"
  | "destination_not_bound"
  | "outbound_policy";

export interface EgressRefusal {
  reason: EgressRefusalReason;
  message: string;
  /** The credential concerned (from its stub); undefined for a request that carried none. */
  credentialId: string | undefined;
  mismatch?: DestinationMismatch;
}
