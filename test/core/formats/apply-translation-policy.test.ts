import { describe, expect, it } from "vitest";
import { applyTranslationPolicy } from "../../../workers/core/formats/apply-translation-policy.ts";
import { inboundAdapterFor, outboundAdapterFor } from "../../../workers/core/formats/format-registry.ts";
import type { ProviderFormat } from "../../../workers/core/providers/provider-format.ts";
import claudeCodeRequest from "../../fixtures/anthropic-messages/claude-code-request.json";
import codexRequest from "../../fixtures/openai-responses/codex-request.json";

const targets: ProviderFormat[] = [
  "openai-chat",
  "openai-responses",
  "anthropic-messages",
  "gemini",
  "bedrock-converse",
];
// Bedrock sends reasoning settings only to Claude models, so the target model matters there.
const upstreamModel = (target: ProviderFormat) =>
  target === "bedrock-converse" ? "anthropic.claude-sonnet-4-5-v1:0" : "m";

describe("applyTranslationPolicy", () => {
  it("lets a Claude Code request reach every other format with drop_params off, dropping only harness hints and Anthropic server tools", () => {
    const request = inboundAdapterFor("anthropic-messages").parseRequest(structuredClone(claudeCodeRequest));
    for (const target of targets.filter((format) => format !== "anthropic-messages")) {
      const { request: translated, dropped } = applyTranslationPolicy(request, "anthropic-messages", target);
      expect(dropped.sort()).toEqual(
        ["context_management", "thinking.display", "tools.web_search", "tools[2].defer_loading"].sort(),
      );
      expect(() =>
        outboundAdapterFor(target).buildRequest(translated, {
          upstreamModel: upstreamModel(target),
          dropParams: false,
        }),
      ).not.toThrow();
      expect(translated.tools.every((tool) => tool.type === "function")).toBe(true);
    }
  });

  it("lets a Codex request reach every other format, dropping its built-in tools by name", () => {
    const request = inboundAdapterFor("openai-responses").parseRequest(structuredClone(codexRequest));
    const providerTools = request.tools.filter((tool) => tool.type === "provider").map((tool) => `tools.${tool.name}`);
    expect(providerTools.length).toBeGreaterThan(0);
    for (const target of targets.filter((format) => format !== "openai-responses")) {
      const { request: translated, dropped } = applyTranslationPolicy(request, "openai-responses", target);
      expect(dropped).toEqual(providerTools);
      expect(() =>
        outboundAdapterFor(target).buildRequest(translated, {
          upstreamModel: upstreamModel(target),
          dropParams: false,
        }),
      ).not.toThrow();
    }
  });

  it("changes nothing when the formats match, and keeps tools of the target's own vendor", () => {
    const request = inboundAdapterFor("openai-responses").parseRequest(structuredClone(codexRequest));
    expect(applyTranslationPolicy(request, "openai-responses", "openai-responses")).toEqual({ request, dropped: [] });
  });

  it("turns a forced choice of a dropped tool into auto", () => {
    const request = inboundAdapterFor("anthropic-messages").parseRequest({
      ...structuredClone(claudeCodeRequest),
      tool_choice: { type: "tool", name: "web_search" },
    });
    const { request: translated } = applyTranslationPolicy(request, "anthropic-messages", "openai-chat");
    expect(translated.toolChoice).toEqual({ type: "auto" });
  });

  it("still refuses other untranslatable fields when drop_params is off", () => {
    const request = inboundAdapterFor("anthropic-messages").parseRequest({
      ...structuredClone(claudeCodeRequest),
      top_k: 5,
    });
    const { request: translated } = applyTranslationPolicy(request, "anthropic-messages", "openai-chat");
    expect(() =>
      outboundAdapterFor("openai-chat").buildRequest(translated, { upstreamModel: "m", dropParams: false }),
    ).toThrow(/top/);
  });
});
