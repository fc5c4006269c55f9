/**
 * The canonical request: every inbound format converts into it, every
 * provider format is built from it (hub and spoke). Only what at least two
 * formats can express lives here; anything else is reported by the inbound
 * converter in `unmapped`, so the outbound side can drop it (drop_params)
 * or refuse with a 400 that names it.
 */
export interface CacheControl {
  type: "ephemeral";
  ttl?: string;
}

export interface IrTextPart {
  type: "text";
  text: string;
  cacheControl?: CacheControl;
}

export type IrImageSource = { kind: "url"; url: string } | { kind: "base64"; mediaType: string; data: string };

export interface IrImagePart {
  type: "image";
  source: IrImageSource;
  /** OpenAI's `detail` hint, kept when both sides are OpenAI formats. */
  detail?: string;
  cacheControl?: CacheControl;
}

/** Documents (PDF etc.): Anthropic `document`, OpenAI `file`/`input_file`, Gemini `inlineData`. */
export interface IrFilePart {
  type: "file";
  source: IrImageSource;
  filename?: string;
  cacheControl?: CacheControl;
}

export interface IrToolCallPart {
  type: "tool-call";
  id: string;
  name: string;
  /** The arguments as the model produced them: a JSON text, never re-serialized. */
  arguments: string;
}

/**
 * Model reasoning. Anthropic thinking carries a `signature` that must be sent
 * back verbatim; redacted thinking carries opaque `redactedData`; OpenAI
 * reasoning items carry `encryptedContent` (with `include: ["reasoning.encrypted_content"]`).
 */
export interface IrReasoningPart {
  type: "reasoning";
  text: string;
  signature?: string;
  redactedData?: string;
  encryptedContent?: string;
  /** Provider item id (OpenAI Responses `rs_…`), for round trips to the same provider. */
  id?: string;
}

export interface IrToolResultPart {
  type: "tool-result";
  toolCallId: string;
  /** Known when the format carries it (Gemini needs it; Anthropic/OpenAI do not send it). */
  toolName?: string;
  content: Array<IrTextPart | IrImagePart>;
  isError: boolean;
  cacheControl?: CacheControl;
}

export type IrUserPart = IrTextPart | IrImagePart | IrFilePart;
export type IrAssistantPart = IrTextPart | IrToolCallPart | IrReasoningPart;

/**
 * `system` messages may appear mid-conversation (Claude Code sends one after
 * the first user turn). Targets that cannot place them fold them in order.
 */
export type IrMessage =
  | { role: "system"; content: IrTextPart[] }
  | { role: "user"; content: IrUserPart[] }
  | { role: "assistant"; content: IrAssistantPart[] }
  | { role: "tool"; content: IrToolResultPart[] };

export interface IrFunctionTool {
  type: "function";
  name: string;
  description?: string;
  /** JSON Schema of the arguments. */
  inputSchema: Record<string, unknown>;
  strict?: boolean;
  cacheControl?: CacheControl;
}

/**
 * A provider-defined tool that is not a plain function (Responses `web_search`,
 * `namespace`, Anthropic server tools). Only a target of the same format can
 * carry it; elsewhere it is dropped (drop_params) or refused by name.
 */
export interface IrProviderTool {
  type: "provider";
  format: string;
  name: string;
  raw: Record<string, unknown>;
}

export type IrTool = IrFunctionTool | IrProviderTool;

export type IrToolChoice = { type: "auto" } | { type: "none" } | { type: "required" } | { type: "tool"; name: string };

export type IrResponseFormat =
  | { type: "text" }
  | { type: "json_object" }
  | { type: "json_schema"; name: string; schema: Record<string, unknown>; strict?: boolean; description?: string };

export type IrReasoningEffort = "minimal" | "low" | "medium" | "high" | "xhigh";

export interface IrReasoningConfig {
  enabled: boolean;
  effort?: IrReasoningEffort;
  /** Anthropic `thinking.budget_tokens` / Gemini `thinkingBudget`. */
  budgetTokens?: number;
  /** OpenAI reasoning summaries. */
  summary?: "auto" | "concise" | "detailed";
}

/** A field of the inbound request the IR does not model, with its JSON path. */
export interface IrUnmappedField {
  path: string;
  value: unknown;
}

export interface IrRequest {
  model: string;
  /** Top-level instructions (Anthropic `system`, leading OpenAI system/developer messages, Gemini systemInstruction). */
  system: IrTextPart[];
  messages: IrMessage[];
  tools: IrTool[];
  toolChoice?: IrToolChoice;
  parallelToolCalls?: boolean;
  maxOutputTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  stopSequences?: string[];
  responseFormat?: IrResponseFormat;
  reasoning?: IrReasoningConfig;
  stream: boolean;
  /** End-user id for abuse tracking (OpenAI `user`, Anthropic `metadata.user_id`). */
  user?: string;
  unmapped: IrUnmappedField[];
}
