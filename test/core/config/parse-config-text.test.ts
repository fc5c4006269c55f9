import { describe, expect, it } from "vitest";
import exampleConfig from "../../../examples/config.yaml?raw";
import { parseConfigText } from "../../../workers/core/config/parse-config-text.ts";

describe("parseConfigText", () => {
  it("accepts the demo config with no warnings", () => {
    const parsed = parseConfigText(exampleConfig, "yaml");
    expect(parsed).toMatchObject({ ok: true, warnings: [] });
  });

  it("keeps unknown keys and reports each as a warning with its path", () => {
    const parsed = parseConfigText(
      `model_list:
  - model_name: a
    litellm_params:
      model: openai/gpt-4o
      region_name: p
router_settings:
  redis_host: localhost
mcp_servers: {}
`,
      "yaml",
    );
    if (!parsed.ok) throw new Error("expected ok");
    expect(parsed.warnings).toEqual([
      "mcp_servers: not supported by Switchyard; kept and ignored",
      "model_list[0].litellm_params.region_name: not supported by Switchyard; kept and ignored",
      "router_settings.redis_host: not supported by Switchyard; kept and ignored",
    ]);
    expect(parsed.config.model_list?.[0]?.litellm_params).toMatchObject({ region_name: "p" });
  });

  it("names the path of an invalid value", () => {
    const entries = Array.from(
      { length: 4 },
      (_, index) =>
        `  - model_name: m${index}\n    litellm_params:\n      model: openai/x\n      rpm: ${index === 3 ? '"lots"' : 10}\n`,
    ).join("");
    const parsed = parseConfigText(`model_list:\n${entries}`, "yaml");
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors[0]?.path).toBe("model_list[3].litellm_params.rpm");
  });

  it("reports unreadable YAML and JSON as errors, not exceptions", () => {
    expect(parseConfigText("model_list: [", "yaml")).toMatchObject({ ok: false });
    expect(parseConfigText("{", "json")).toMatchObject({ ok: false, errors: [{ path: "" }] });
  });
});

// Read at build time by Vite; the tests run inside workerd, which has no filesystem.
const litellmFixtures = import.meta.glob<string>("../../../../shared/fixtures/litellm-configs/*.yaml", {
  query: "?raw",
  import: "default",
  eager: true,
});

describe("LiteLLM's documented configs (../shared/fixtures/litellm-configs)", () => {
  const files = Object.entries(litellmFixtures);

  it("are present to test against", () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
  });

  for (const [path, text] of files) {
    it(`imports ${path.split("/").at(-1)} without edits`, () => {
      const parsed = parseConfigText(text, "yaml");
      expect(parsed.ok ? [] : parsed.errors).toEqual([]);
    });
  }
});
