import { describe, expect, it } from "vitest";
import { GatewayError } from "../../../workers/core/errors/gateway-error.ts";
import { filterByTags, firstUsableTier, orderTiers } from "../../../workers/core/routing/filter-candidates.ts";
import { deployment, ids } from "./routing-test-helpers.ts";

// The group of https://docs.litellm.ai/docs/proxy/tag_routing "Quick Start", plus provider tags.
const group = [
  deployment("free", { tags: ["free", "provider:openai"] }),
  deployment("paid", { tags: ["paid", "provider:openai"] }),
  deployment("paid-anthropic", { tags: ["paid", "provider:anthropic"] }),
  deployment("default", { tags: ["default"] }),
];
const on = { enabled: true, matchAny: true };

function filtered(tags: string[], settings = on, deployments = group): string[] | string {
  try {
    return ids(filterByTags(deployments, tags, settings, "gpt-4o"));
  } catch (error) {
    if (error instanceof GatewayError) return `${error.status} ${error.param}: ${error.message}`;
    throw error;
  }
}

describe("filterByTags", () => {
  const rows: { tags: string[]; expected: string[] | string; settings?: typeof on; note: string }[] = [
    { tags: ["free"], expected: ["free"], note: "a plain tag selects the deployments carrying it" },
    { tags: ["paid"], expected: ["paid", "paid-anthropic"], note: "every deployment carrying it" },
    { tags: ["free", "paid"], expected: ["free", "paid", "paid-anthropic"], note: "plain tags match on any one" },
    {
      tags: ["paid", "provider:anthropic"],
      expected: ["paid-anthropic"],
      settings: { enabled: true, matchAny: false },
      note: "with tag_filtering_match_any: false, on all of them",
    },
    { tags: [], expected: ["default"], note: "an untagged request goes to the default-tagged deployments" },
    { tags: ["!provider:openai"], expected: ["default"], note: "a ban-only request starts from the default pool" },
    { tags: ["paid", "!provider:anthropic"], expected: ["paid"], note: "! removes deployments carrying the tag" },
    {
      tags: ["&paid", "&provider:anthropic"],
      expected: ["paid-anthropic"],
      note: "& requires the tag, from all deployments",
    },
    { tags: ["team-x"], expected: ["default"], note: "a tag no deployment knows falls back to the default pool" },
    {
      tags: ["&provider:mistral"],
      expected: '400 tags: No deployment of model `gpt-4o` matches the request tags ["&provider:mistral"].',
      note: "a required tag nobody carries is a 400",
    },
    {
      tags: ["free", "!provider:openai"],
      expected: '400 tags: No deployment of model `gpt-4o` matches the request tags ["free","!provider:openai"].',
      note: "a known tag whose deployments are banned is a 400",
    },
    {
      tags: ["free"],
      expected: ["free", "paid", "paid-anthropic", "default"],
      settings: { enabled: false, matchAny: true },
      note: "tag filtering off ignores tags",
    },
  ];
  for (const row of rows) {
    it(`${JSON.stringify(row.tags)}: ${row.note}`, () => {
      expect(filtered(row.tags, row.settings)).toEqual(row.expected);
    });
  }

  it("sends untagged requests everywhere when no deployment is tagged default", () => {
    const noDefault = group.slice(0, 3);
    expect(filtered([], on, noDefault)).toEqual(["free", "paid", "paid-anthropic"]);
    expect(filtered(["unknown"], on, noDefault)).toBe(
      '400 tags: No deployment of model `gpt-4o` matches the request tags ["unknown"].',
    );
  });
});

describe("order tiers", () => {
  const deployments = [
    deployment("backup", { order: 2 }),
    deployment("primary-a", { order: 1 }),
    deployment("primary-b", { order: 1 }),
    deployment("last", { order: 3 }),
  ];

  it("groups deployments by order, lowest first, keeping config order within a tier", () => {
    expect(orderTiers(deployments).map(ids)).toEqual([["primary-a", "primary-b"], ["backup"], ["last"]]);
  });

  it("passes a tier over only when none of its deployments is usable", () => {
    const tiers = orderTiers(deployments);
    const usable = (excluded: string[]) => (candidate: { id: string }) => !excluded.includes(candidate.id);
    expect(firstUsableTier(tiers, usable([]))).toEqual({ tier: 0, deployments: [deployments[1], deployments[2]] });
    expect(firstUsableTier(tiers, usable(["primary-a"]))?.deployments.map((entry) => entry.id)).toEqual(["primary-b"]);
    expect(firstUsableTier(tiers, usable(["primary-a", "primary-b"]))?.tier).toBe(1);
    expect(firstUsableTier(tiers, usable(["primary-a", "primary-b", "backup", "last"]))).toBeUndefined();
    expect(firstUsableTier(tiers, usable([]), 2)?.tier).toBe(2);
  });
});
