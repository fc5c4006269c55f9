/**
 * An upstream stream cut after some text, through each SDK's stream helper:
 * the helper must settle — reject with an error, or resolve with a finished
 * response in its format — and never hang. Cut both ways (a clean close and
 * a failing read), on the fast path and translated.
 */
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import anthropicCut from "../fixtures/sdk/anthropic-cut-after-text.sse?raw";
import chatCut from "../fixtures/sdk/openai-chat-cut-after-text.sse?raw";
import responsesCut from "../fixtures/sdk/openai-responses-cut-after-text.sse?raw";
import { TEST_MASTER_KEY } from "../helpers/activate-config.ts";
import { createGatewayFetch, type GatewayFetch } from "./gateway-fetch.ts";
import { mockScriptedUpstreams, type ScriptedUpstreams } from "./mock-scripted-upstreams.ts";
import { cutSseResponse, type StreamCut } from "./scripted-sse.ts";
import { activateSdkGatewayConfig, type ScriptedUpstreamKind } from "./sdk-gateway-config.ts";
import { QUESTION } from "./sdk-scenario.ts";

const HANG_TIMEOUT_MS = 3000;
const CUT_FIXTURES: Record<ScriptedUpstreamKind, string> = {
  "openai-chat": chatCut,
  "openai-responses": responsesCut,
  "anthropic-messages": anthropicCut,
};

const cases = [
  { client: "openai chat", route: "same", upstream: "openai-chat" },
  { client: "openai chat", route: "cross", upstream: "anthropic-messages" },
  { client: "openai responses", route: "same", upstream: "openai-responses" },
  { client: "openai responses", route: "cross", upstream: "anthropic-messages" },
  { client: "anthropic messages", route: "same", upstream: "anthropic-messages" },
  { client: "anthropic messages", route: "cross", upstream: "openai-chat" },
] as const;

/**
 * What a helper resolved with: whether its format's stream was finished, the
 * text so far, and the failure the response itself carries (only Responses can:
 * `response.failed` resolves the helper with `status: "failed"` and `error`).
 */
interface Settled {
  finished: boolean;
  text: string;
  failure: string | undefined;
}
type Outcome = ({ kind: "resolved" } & Settled) | { kind: "rejected"; error: unknown } | { kind: "hung" };
type ClientName = (typeof cases)[number]["client"];
type Runner = (fetch: GatewayFetch["fetch"], model: string) => Promise<Settled>;

const runners: Record<ClientName, Runner> = {
  "openai chat": async (fetch, model) => {
    const client = new OpenAI({ apiKey: TEST_MASTER_KEY, baseURL: "https://gateway.test/v1", fetch, maxRetries: 0 });
    const completion = await client.chat.completions
      .stream({ model, messages: [{ role: "user", content: QUESTION }] })
      .finalChatCompletion();
    const choice = completion.choices[0];
    return { finished: choice?.finish_reason != null, text: choice?.message.content ?? "", failure: undefined };
  },
  "openai responses": async (fetch, model) => {
    const client = new OpenAI({ apiKey: TEST_MASTER_KEY, baseURL: "https://gateway.test/v1", fetch, maxRetries: 0 });
    const response = await client.responses.stream({ model, input: QUESTION }).finalResponse();
    // `in_progress` after the stream ended means the helper never saw a terminal event.
    return {
      finished: ["completed", "failed", "incomplete"].includes(response.status ?? ""),
      text: response.output_text,
      failure: response.error?.message,
    };
  },
  "anthropic messages": async (fetch, model) => {
    const client = new Anthropic({ apiKey: TEST_MASTER_KEY, baseURL: "https://gateway.test", fetch, maxRetries: 0 });
    const message = await client.messages
      .stream({ model, max_tokens: 1024, messages: [{ role: "user", content: QUESTION }] })
      .finalMessage();
    const text = message.content.flatMap((block) => (block.type === "text" ? [block.text] : [])).join("");
    return { finished: message.stop_reason != null, text, failure: undefined };
  },
};

/** The SDK's error for a failure the server sent in-band; transport failures are other classes. */
const IN_BAND_ERROR: Record<ClientName, abstract new (...args: never[]) => Error> = {
  "openai chat": OpenAI.APIError,
  "openai responses": OpenAI.APIError,
  "anthropic messages": Anthropic.APIError,
};

/** Input tokens the cut fixture reported before the cut: only Anthropic sends usage at the start. */
const INPUT_TOKENS_BEFORE_CUT: Record<ScriptedUpstreamKind, number> = {
  "openai-chat": 0,
  "openai-responses": 0,
  "anthropic-messages": 96 + 2560,
};

async function settleWithin(run: Promise<Settled>): Promise<Outcome> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hung = new Promise<Outcome>((resolve) => {
    timer = setTimeout(() => resolve({ kind: "hung" }), HANG_TIMEOUT_MS);
  });
  const settled = run.then(
    (value): Outcome => ({ kind: "resolved", ...value }),
    (error: unknown): Outcome => ({ kind: "rejected", error }),
  );
  try {
    return await Promise.race([settled, hung]);
  } finally {
    clearTimeout(timer);
  }
}

const cuts: StreamCut[] = ["close", "error"];

let gateway: GatewayFetch;
let upstreams: ScriptedUpstreams | undefined;

beforeAll(async () => {
  // One group per upstream format; each case picks the one that makes it same-format or translated.
  await activateSdkGatewayConfig({
    "chat-upstream": "openai-chat",
    "responses-upstream": "openai-responses",
    "anthropic-upstream": "anthropic-messages",
  });
});
beforeEach(() => {
  gateway = createGatewayFetch();
});
afterEach(async () => {
  await gateway.settle();
  upstreams?.restore();
});

const GROUPS: Record<ScriptedUpstreamKind, string> = {
  "openai-chat": "chat-upstream",
  "openai-responses": "responses-upstream",
  "anthropic-messages": "anthropic-upstream",
};

function describeOutcome(outcome: Outcome): string {
  if (outcome.kind !== "rejected") return JSON.stringify(outcome);
  const error = outcome.error;
  return error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error);
}

describe.each(cases)("$client SDK stream helper, $route route ($upstream upstream cut mid-stream)", (testCase) => {
  const run = async (cut: StreamCut) => {
    upstreams = mockScriptedUpstreams({
      [testCase.upstream]: () => cutSseResponse(CUT_FIXTURES[testCase.upstream], cut),
    });
    const outcome = await settleWithin(runners[testCase.client](gateway.fetch, GROUPS[testCase.upstream]));
    expect(upstreams.paths()).toHaveLength(1);
    return outcome;
  };

  it.each(cuts)("cut by %s: the helper settles with an error or a finished stream, never hangs", async (cut) => {
    const outcome = await run(cut);
    expect(outcome.kind, "the SDK helper did not settle").not.toBe("hung");
    if (outcome.kind === "resolved") {
      expect(outcome, "resolved without its format's finish: the client cannot tell the answer is cut").toMatchObject({
        finished: true,
      });
    }
  });

  it.each(cuts)(
    "cut by %s: the failure reaches the client in-band, in its format, not as a torn connection",
    async (cut) => {
      // CLIENTS.md: the complete event sequence also when the gateway ends a stream on an upstream error.
      const outcome = await run(cut);
      const seen = describeOutcome(outcome);
      if (outcome.kind === "rejected") {
        expect(outcome.error, seen).toBeInstanceOf(IN_BAND_ERROR[testCase.client]);
        expect(seen).toMatch(/upstream/i);
      } else {
        // Only a Responses helper can resolve honestly: with the `response.failed` it was sent.
        expect(outcome, seen).toMatchObject({
          kind: "resolved",
          finished: true,
          failure: expect.stringMatching(/upstream/i),
        });
      }
    },
  );

  it.each(cuts)(
    "cut by %s: metered once as an upstream failure, with the usage reported before the cut",
    async (cut) => {
      await run(cut);
      await gateway.settle();
      expect(gateway.spendRecords).toHaveLength(1);
      const record = gateway.spendRecords[0];
      // The client stayed until the end: a 499 / client_disconnected would blame it for the upstream's failure.
      expect(record?.errorKind).toEqual(expect.any(String));
      expect([record?.status, record?.errorKind]).not.toContain("client_disconnected");
      expect(record?.status).not.toBe(499);
      expect(record?.inputTokens).toBe(INPUT_TOKENS_BEFORE_CUT[testCase.upstream]);
    },
  );
});
