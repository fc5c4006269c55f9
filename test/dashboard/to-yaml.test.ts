import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { toYaml } from "../../dashboard/src/format/to-yaml.ts";

describe("toYaml", () => {
  it("writes a LiteLLM config that YAML reads back to the same value", () => {
    const config = {
      model_list: [
        {
          model_name: "gpt-4o",
          litellm_params: {
            model: "openai/gpt-4o",
            api_key: "os.environ/OPENAI_API_KEY",
            api_base: "https://api.openai.com/v1",
            input_cost_per_token: 0.0000025,
            rpm: 600,
            tags: ["fast", "default"],
          },
          model_info: { id: "gpt-4o-primary" },
        },
      ],
      router_settings: { fallbacks: [{ "gpt-4o": ["gpt-4o-mini"] }], routing_strategy: "simple-shuffle" },
      litellm_settings: { drop_params: true, cache_params: {}, callbacks: [] },
    };
    expect(parse(toYaml(config))).toEqual(config);
  });

  it("quotes strings YAML would read as something else", () => {
    const tricky = { a: "yes", b: "123", c: "with: colon", d: "", e: "multi\nline", f: "sk****ab", g: null, on: "x" };
    const yaml = toYaml(tricky);
    expect(yaml).toContain('a: "yes"');
    expect(yaml).toContain('b: "123"');
    expect(yaml).toContain('"on": x');
    expect(parse(yaml)).toEqual(tricky);
  });

  it("indents sequences under their key, as LiteLLM's docs write them", () => {
    expect(toYaml({ model_list: [{ model_name: "demo" }] })).toBe("model_list:\n  - model_name: demo\n");
  });
});
