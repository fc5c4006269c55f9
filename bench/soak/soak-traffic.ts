import { uniform } from "./pick-fault.ts";
import { FLAKY_SHARE, SOAK_FLAKY_MODEL, SOAK_MODELS, type SoakKey, type SoakKeyLabel } from "./soak-profile.ts";

export type ClientFormat = "chat" | "messages" | "responses";

/** What the client saw of one request. */
export interface ClientOutcome {
  requestId: string | undefined;
  key: SoakKeyLabel;
  format: ClientFormat;
  stream: boolean;
  status: number | undefined;
  /** `ok`, `http_<status>:<code>`, `stream_incomplete`, `network` (no answer or a broken body). */
  kind: string;
  /** x-switchyard-response-cost when numeric (non-streaming answers). */
  costHeader: number | undefined;
  /** A 200 whose body ended properly: the JSON answer, or the stream's terminal event. */
  complete: boolean;
}

export interface Scenario {
  key: SoakKey;
  format: ClientFormat;
  stream: boolean;
  model: string;
  session: string | undefined;
  /** Unset now and then, so metered non-streaming calls are streamed upstream and assembled. */
  maxTokens: number | undefined;
}

const FORMATS: ClientFormat[] = ["chat", "messages", "responses"];
const PATHS: Record<ClientFormat, string> = {
  chat: "/v1/chat/completions",
  messages: "/v1/messages",
  responses: "/v1/responses",
};
/** The event that ends a healthy stream in each format. */
const TERMINAL: Record<ClientFormat, string> = {
  chat: "data: [DONE]",
  messages: "event: message_stop",
  responses: "event: response.completed",
};
const SESSIONS = 20;
const REQUEST_TIMEOUT_MS = 30_000;

function pick<T>(list: readonly T[], draw: number): T {
  const item = list[Math.floor(draw * list.length)];
  if (item === undefined) throw new Error("empty list");
  return item;
}

/** The request number `sequence` of the run: every choice drawn from the seed, so a run can be replayed. */
export function scenarioOf(seed: number, sequence: number, keys: readonly SoakKey[]): Scenario {
  const draw = (salt: number) => uniform(seed + salt, sequence);
  const format = pick(FORMATS, draw(101));
  const session = draw(104) < 0.25 ? `soak-session-${Math.floor(draw(105) * SESSIONS)}` : undefined;
  return {
    key: pick(keys, draw(102)),
    format,
    stream: draw(103) < 0.5,
    model: draw(108) < FLAKY_SHARE ? SOAK_FLAKY_MODEL : pick(SOAK_MODELS, draw(106)),
    session,
    // Anthropic requires max_tokens.
    maxTokens: format !== "messages" && draw(107) < 0.1 ? undefined : 64,
  };
}

function bodyOf(scenario: Scenario): Record<string, unknown> {
  const { format, model, stream, maxTokens } = scenario;
  const text = "Say hello to the soak test.";
  switch (format) {
    case "chat":
      return {
        model,
        messages: [{ role: "user", content: text }],
        stream,
        ...(stream ? { stream_options: { include_usage: true } } : {}),
        ...(maxTokens === undefined ? {} : { max_tokens: maxTokens }),
      };
    case "messages":
      return { model, max_tokens: maxTokens ?? 64, messages: [{ role: "user", content: text }], stream };
    case "responses":
      return { model, input: text, stream, ...(maxTokens === undefined ? {} : { max_output_tokens: maxTokens }) };
    default: {
      const unknown: never = format;
      throw new Error(`unknown format ${String(unknown)}`);
    }
  }
}

/** The gateway path and request of a scenario. */
export function requestOf(scenario: Scenario): { path: string; init: RequestInit } {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    authorization: `Bearer ${scenario.key.key}`,
    ...(scenario.format === "messages" ? { "anthropic-version": "2023-06-01" } : {}),
    ...(scenario.session === undefined ? {} : { "x-switchyard-session": scenario.session }),
  };
  return {
    path: PATHS[scenario.format],
    init: { method: "POST", headers, body: JSON.stringify(bodyOf(scenario)) },
  };
}

function errorCodeOf(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown; type?: unknown } };
    return String(body.error?.code ?? body.error?.type ?? "unknown");
  } catch {
    return "unreadable";
  }
}

/** What the client saw, from the answer's head and its whole body (undefined: the body broke off). */
export function outcomeOf(scenario: Scenario, response: Response, text: string | undefined): ClientOutcome {
  const costText = response.headers.get("x-switchyard-response-cost");
  const seen = {
    key: scenario.key.label,
    format: scenario.format,
    stream: scenario.stream,
    requestId: response.headers.get("x-request-id") ?? undefined,
    status: response.status,
    costHeader: costText === null || Number.isNaN(Number(costText)) ? undefined : Number(costText),
  };
  if (text === undefined) return { ...seen, kind: "network", complete: false };
  if (response.status !== 200)
    return { ...seen, kind: `http_${response.status}:${errorCodeOf(text)}`, complete: false };
  if (!scenario.stream) {
    try {
      JSON.parse(text);
      return { ...seen, kind: "ok", complete: true };
    } catch {
      return { ...seen, kind: "unreadable_json", complete: false };
    }
  }
  const complete = text.includes(TERMINAL[scenario.format]);
  return { ...seen, kind: complete ? "ok" : "stream_incomplete", complete };
}

/** Sends one scenario to the gateway and reads the whole answer. Never throws. */
export async function sendScenario(gatewayUrl: string, scenario: Scenario): Promise<ClientOutcome> {
  const { path, init } = requestOf(scenario);
  let response: Response;
  try {
    response = await fetch(`${gatewayUrl}${path}`, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  } catch {
    return {
      key: scenario.key.label,
      format: scenario.format,
      stream: scenario.stream,
      requestId: undefined,
      status: undefined,
      kind: "network",
      costHeader: undefined,
      complete: false,
    };
  }
  const text = await response.text().catch(() => undefined);
  return outcomeOf(scenario, response, text);
}
