import { expect } from "vitest";
import { TEST_MASTER_KEY } from "../helpers/activate-config.ts";
import { mockUpstreams } from "../helpers/mock-upstream.ts";
import { scriptedAnthropicUpstream } from "./scripted-anthropic-upstream.ts";
import { scriptedOpenAiChatUpstream } from "./scripted-openai-chat-upstream.ts";
import { scriptedOpenAiResponsesUpstream } from "./scripted-openai-responses-upstream.ts";
import { type ScriptedUpstreamKind, UPSTREAM_ORIGINS } from "./sdk-gateway-config.ts";

export interface ScriptedUpstreams {
  /** The JSON bodies the gateway sent upstream, in order. */
  bodies(): Array<Record<string, unknown>>;
  /** The paths the gateway called, in order (`/v1/messages`, `/v1/chat/completions`…). */
  paths(): string[];
  headers(): Headers[];
  restore(): void;
}

/**
 * Installs the three scripted providers on globalThis.fetch, each at its
 * origin. Call it after creating the SDK client: the SDK gets the gateway
 * fetch explicitly, so only the gateway's upstream calls land here.
 */
export function mockScriptedUpstreams(
  overrides: Partial<Record<ScriptedUpstreamKind, (request: Request, body: string) => Response>> = {},
): ScriptedUpstreams {
  const mock = mockUpstreams({
    [UPSTREAM_ORIGINS["openai-chat"]]: overrides["openai-chat"] ?? scriptedOpenAiChatUpstream,
    [UPSTREAM_ORIGINS["openai-responses"]]: overrides["openai-responses"] ?? scriptedOpenAiResponsesUpstream,
    [UPSTREAM_ORIGINS["anthropic-messages"]]: overrides["anthropic-messages"] ?? scriptedAnthropicUpstream,
  });
  return {
    bodies: () => mock.requests.map((request) => JSON.parse(request.body) as Record<string, unknown>),
    paths: () => mock.requests.map((request) => new URL(request.url).pathname),
    headers: () => mock.requests.map((request) => request.headers),
    restore: () => mock.restore(),
  };
}

/** The key each scripted provider must receive: the deployment's (sdk-gateway-config.ts), in the provider's header. */
const UPSTREAM_CREDENTIALS: Record<ScriptedUpstreamKind, { header: string; value: string }> = {
  "openai-chat": { header: "authorization", value: "Bearer sk-up-chat" },
  "openai-responses": { header: "authorization", value: "Bearer sk-up-resp" },
  "anthropic-messages": { header: "x-api-key", value: "sk-ant-up" },
};

/** Every upstream call carried the deployment's key, and the client's gateway key went nowhere upstream. */
export function expectUpstreamCredentials(upstreams: ScriptedUpstreams, kind: ScriptedUpstreamKind) {
  const { header, value } = UPSTREAM_CREDENTIALS[kind];
  for (const headers of upstreams.headers()) {
    expect(headers.get(header)).toBe(value);
    expect([...headers.values()].join("\n")).not.toContain(TEST_MASTER_KEY);
  }
}
