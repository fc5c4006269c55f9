import { describe, expect, it } from "vitest";
import { yamlPathLine } from "../../dashboard/src/format/yaml-path-line.ts";

const config = `# comment
model_list:
  - model_name: demo
    litellm_params:
      model: mock/x
      rpm: 10
  - model_name: second
    litellm_params:
      model: openai/gpt
      tags:
        - a
        - b
      rpm: "lots"
litellm_settings:
  num_retries: 2
router_settings:
- x: 1
- y: 2
`;

describe("yamlPathLine", () => {
  it.each([
    ["model_list", 2],
    ["model_list[0]", 3],
    ["model_list[0].litellm_params.rpm", 6],
    ["model_list[1].model_name", 7],
    ["model_list[1].litellm_params.rpm", 13],
    ["model_list[1].litellm_params.tags[1]", 12],
    ["litellm_settings.num_retries", 15],
    ["router_settings[1].y", 18],
  ])("finds %s on line %i", (path, line) => {
    expect(yamlPathLine(config, path)).toBe(line);
  });

  it("points a missing key at its nearest present ancestor", () => {
    expect(yamlPathLine(config, "model_list[1].litellm_params.api_key")).toBe(8);
    expect(yamlPathLine(config, "model_list[5]")).toBe(2);
  });

  it("gives up when not even the first key is there", () => {
    expect(yamlPathLine(config, "general_settings.master_key")).toBeNull();
    expect(yamlPathLine("{model_list: []}", "model_list")).toBeNull();
    expect(yamlPathLine(config, "")).toBeNull();
  });
});
