// node bench/node-mock-upstream.ts <port>
// The Node mock upstream: every route of mock-route.ts, including the fixed-delay and paced modes that
// nginx cannot do. It runs as its own process so its CPU is never counted as a gateway's. Used for all
// traffic only when nginx is unavailable (it is about 5x slower, see /work/shared/BENCHMARKING.md).
import { createServer, type ServerResponse } from "node:http";
import { mockJsonBody, mockStreamEvents } from "./mock-payloads.ts";
import { type MockRoute, parseMockPath } from "./mock-route.ts";

const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port <= 0) {
  console.error("usage: node bench/node-mock-upstream.ts <port>");
  process.exit(2);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function writePaced(response: ServerResponse, events: string[], paceMs: number): Promise<void> {
  // Role/start event and the first token together, then the rest spaced out: TTFT should not include pacing.
  response.write(events.slice(0, 2).join(""));
  for (const event of events.slice(2)) {
    await sleep(paceMs);
    if (response.destroyed) return;
    response.write(event);
  }
  response.end();
}

async function answer(route: MockRoute, response: ServerResponse): Promise<void> {
  if (route.delayMs > 0) await sleep(route.delayMs);
  if (route.mode === "json") {
    const body = mockJsonBody(route.endpoint);
    response.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    response.end(body);
    return;
  }
  response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  const events = mockStreamEvents(route.endpoint);
  if (route.paceMs > 0) await writePaced(response, events, route.paceMs);
  else response.end(events.join(""));
}

const server = createServer((request, response) => {
  const route = parseMockPath(new URL(request.url ?? "/", "http://mock").pathname);
  // Read the whole body first, as a real upstream would, before answering.
  request.resume();
  request.on("end", () => {
    if (route === undefined) {
      response.writeHead(404, { "content-type": "application/json" });
      response.end('{"error":{"message":"no such mock route"}}');
      return;
    }
    answer(route, response).catch((error: unknown) => {
      console.error("mock failed", error);
      response.destroy();
    });
  });
});
server.keepAliveTimeout = 120_000;
server.headersTimeout = 125_000;
server.listen(port, "127.0.0.1", () => console.log(`listening ${port}`));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
