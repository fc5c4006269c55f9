// node bench/soak/fault-mock-upstream.ts <port> <failure-rate> <seed>
// The soak's upstream: OpenAI Chat, Anthropic Messages and OpenAI Responses (bench/mock-payloads.ts), JSON or
// SSE as the request's `stream` asks, with a share of requests failing the ways real providers fail
// (fault-answer.ts). GET /__soak/stats says how many of each it served, so the harness can report the
// faults it injected. Its own process, so its CPU is not the gateway's.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { MockEndpoint } from "../mock-payloads.ts";
import { endpointOfPath, faultAnswer } from "./fault-answer.ts";
import { type InjectedFault, pickFault } from "./pick-fault.ts";

const port = Number(process.argv[2]);
const failureRate = Number(process.argv[3]);
const seed = Number(process.argv[4] ?? 1);
if (!Number.isInteger(port) || port <= 0 || !(failureRate >= 0 && failureRate <= 1) || !Number.isInteger(seed)) {
  console.error("usage: node bench/soak/fault-mock-upstream.ts <port> <failure-rate 0..1> <seed>");
  process.exit(2);
}

const stats = {
  requests: 0,
  byEndpoint: { chat: 0, messages: 0, responses: 0 } as Record<MockEndpoint, number>,
  injected: { server_error: 0, reset: 0, cut: 0 } as Record<InjectedFault, number>,
};
let sequence = 0;

function reply(response: ServerResponse, status: number, body: string): void {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(body);
}

function answer(request: IncomingMessage, response: ServerResponse, body: string): void {
  const endpoint = endpointOfPath(new URL(request.url ?? "/", "http://mock").pathname);
  if (endpoint === undefined || request.method !== "POST") {
    reply(response, 404, '{"error":{"message":"no such soak route"}}');
    return;
  }
  let stream: boolean;
  try {
    stream = (JSON.parse(body) as { stream?: unknown }).stream === true;
  } catch {
    reply(response, 400, '{"error":{"message":"soak mock: body is not JSON"}}');
    return;
  }
  const number = sequence++;
  const fault = pickFault(seed, number, failureRate);
  stats.requests++;
  stats.byEndpoint[endpoint]++;
  if (fault !== undefined) stats.injected[fault]++;
  const planned = faultAnswer(endpoint, stream, fault, number);
  switch (planned.kind) {
    case "answer":
      response.writeHead(200, {
        "content-type": planned.contentType,
        ...(stream ? { "cache-control": "no-cache" } : { "content-length": Buffer.byteLength(planned.body) }),
      });
      response.end(planned.body);
      return;
    case "server_error":
      reply(response, planned.status, planned.body);
      return;
    case "reset":
      request.socket.destroy();
      return;
    case "cut":
      response.writeHead(200, {
        "content-type": planned.contentType,
        ...(planned.declaredLength === undefined ? {} : { "content-length": planned.declaredLength }),
      });
      response.write(planned.body);
      // Let the partial write leave before the reset, as a dying upstream's would.
      setTimeout(() => response.socket?.destroy(), 5);
      return;
    default: {
      const unknown: never = planned;
      throw new Error(`unknown answer ${JSON.stringify(unknown)}`);
    }
  }
}

const server = createServer((request, response) => {
  if (request.method === "GET" && request.url === "/__soak/stats") {
    reply(response, 200, JSON.stringify(stats));
    return;
  }
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => answer(request, response, Buffer.concat(chunks).toString("utf8")));
});
server.keepAliveTimeout = 120_000;
server.headersTimeout = 125_000;
server.listen(port, "127.0.0.1", () => console.log(`listening ${port}`));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
