import { BENCH_MODELS, type BenchKeys, type BenchModel, type MockOrigins } from "./gateway-seed.ts";
import { type MockBase, mockBasePath } from "./mock-route.ts";

export const SETUP_IDS = [
  "direct",
  "passthrough",
  "switchyard",
  "switchyard-translated",
  "switchyard-strict",
  "portkey",
] as const;
export type SetupId = (typeof SETUP_IDS)[number];

/** What is asked: a JSON reply, a 20-event stream, a paced stream (first-token timing), a 100 ms-delayed reply. */
export type Workload = BenchModel;

export interface HttpTarget {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface Setup {
  id: SetupId;
  letter: string;
  label: string;
  /** Process trees whose CPU and memory are this setup's (the mock and the client are not). */
  processRoots: number[];
  target(workload: Workload): HttpTarget;
}

export interface SetupEndpoints {
  origins: MockOrigins;
  passthrough: { url: string; pid: number };
  switchyard: { url: string; pid: number; keys: BenchKeys };
  portkey: { url: string; pid: number } | undefined;
}

const PROMPT = "Say hello to the benchmark.";
const isStream = (workload: Workload) => workload === "sse" || workload === "paced";

function mockOf(workload: Workload, origins: MockOrigins): { port: number; base: MockBase } {
  switch (workload) {
    case "json":
      return { port: origins.fast, base: { mode: "json", delayMs: 0, paceMs: 0 } };
    case "sse":
      return { port: origins.fast, base: { mode: "sse", delayMs: 0, paceMs: 0 } };
    case "paced":
      return { port: origins.slow, base: { mode: "sse", delayMs: 0, paceMs: origins.paceMs } };
    case "delayed":
      return { port: origins.slow, base: { mode: "json", delayMs: origins.delayMs, paceMs: 0 } };
    default: {
      const unknown: never = workload;
      throw new Error(`unknown workload ${String(unknown)}`);
    }
  }
}

function chatBody(model: string, workload: Workload): string {
  return JSON.stringify({
    model,
    messages: [{ role: "user", content: PROMPT }],
    max_tokens: 64,
    ...(isStream(workload) ? { stream: true } : {}),
  });
}

function messagesBody(model: string, workload: Workload): string {
  return JSON.stringify({
    model,
    max_tokens: 64,
    messages: [{ role: "user", content: PROMPT }],
    ...(isStream(workload) ? { stream: true } : {}),
  });
}

const JSON_HEADERS = { "content-type": "application/json" };

/** The six setups, each a way of sending the same request to the same mock. */
export function benchSetups(endpoints: SetupEndpoints): Setup[] {
  const { origins, passthrough, switchyard, portkey } = endpoints;
  const chatThroughSwitchyard = (key: string) => (workload: Workload) => ({
    url: `${switchyard.url}/v1/chat/completions`,
    headers: { ...JSON_HEADERS, authorization: `Bearer ${key}` },
    body: chatBody(BENCH_MODELS[workload], workload),
  });
  const setups: Setup[] = [
    {
      id: "direct",
      letter: "a",
      label: "direct to the mock",
      processRoots: [],
      target: (workload) => {
        const mock = mockOf(workload, origins);
        return {
          url: `http://127.0.0.1:${mock.port}${mockBasePath(mock.base)}/chat/completions`,
          headers: { ...JSON_HEADERS, authorization: "Bearer sk-mock" },
          body: chatBody("bench-model", workload),
        };
      },
    },
    {
      id: "passthrough",
      letter: "b",
      label: "Hono pass-through on workerd",
      processRoots: [passthrough.pid],
      target: (workload) => {
        const mock = mockOf(workload, origins);
        return {
          url: `${passthrough.url}/${mock.port}${mockBasePath(mock.base)}/chat/completions`,
          headers: { ...JSON_HEADERS, authorization: "Bearer sk-mock" },
          body: chatBody("bench-model", workload),
        };
      },
    },
    {
      id: "switchyard",
      letter: "c",
      label: "Switchyard, Chat → Chat fast path",
      processRoots: [switchyard.pid],
      target: chatThroughSwitchyard(switchyard.keys.unlimited),
    },
    {
      id: "switchyard-translated",
      letter: "d",
      label: "Switchyard, Anthropic Messages → Chat",
      processRoots: [switchyard.pid],
      target: (workload) => ({
        url: `${switchyard.url}/v1/messages`,
        headers: { ...JSON_HEADERS, "x-api-key": switchyard.keys.unlimited, "anthropic-version": "2023-06-01" },
        body: messagesBody(BENCH_MODELS[workload], workload),
      }),
    },
    {
      id: "switchyard-strict",
      letter: "e",
      label: "Switchyard, strict budget + limits",
      processRoots: [switchyard.pid],
      target: chatThroughSwitchyard(switchyard.keys.strict),
    },
  ];
  if (portkey !== undefined) {
    setups.push({
      id: "portkey",
      letter: "f",
      label: "Portkey gateway (Node)",
      processRoots: [portkey.pid],
      target: (workload) => {
        const mock = mockOf(workload, origins);
        return {
          url: `${portkey.url}/v1/chat/completions`,
          headers: {
            ...JSON_HEADERS,
            authorization: "Bearer sk-mock",
            "x-portkey-provider": "openai",
            "x-portkey-custom-host": `http://127.0.0.1:${mock.port}${mockBasePath(mock.base)}`,
          },
          body: chatBody("bench-model", workload),
        };
      },
    });
  }
  return setups;
}
