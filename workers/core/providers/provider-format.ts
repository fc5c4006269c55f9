import type { ApiFormat } from "../formats/api-format.ts";

/** Wire formats an upstream can speak: the client-facing ones plus provider-only ones. */
export type ProviderFormat = ApiFormat | "bedrock-converse";
