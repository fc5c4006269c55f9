// A loopback pass-through in front of the gateway that records each exchange (what the
// client sent, what the gateway answered), so a failure report can show the wire evidence.
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from "node:http";

export interface RecordedExchange {
  method: string;
  path: string;
  requestHeaders: IncomingHttpHeaders;
  requestBody: string;
  status: number;
  responseHeaders: IncomingHttpHeaders;
  responseBody: string;
}

export interface RecordingProxy {
  url: string;
  exchanges: RecordedExchange[];
  close(): Promise<void>;
}

export async function startRecordingProxy(targetUrl: string): Promise<RecordingProxy> {
  const target = new URL(targetUrl);
  const exchanges: RecordedExchange[] = [];
  const server: Server = createServer((clientRequest, clientResponse) => {
    const requestChunks: Buffer[] = [];
    const exchange: RecordedExchange = {
      method: clientRequest.method ?? "GET",
      path: clientRequest.url ?? "/",
      requestHeaders: clientRequest.headers,
      requestBody: "",
      status: 0,
      responseHeaders: {},
      responseBody: "",
    };
    exchanges.push(exchange);
    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: exchange.method,
        path: exchange.path,
        // Ask for plain bytes so the recording is readable; the client copes either way.
        headers: { ...clientRequest.headers, host: target.host, "accept-encoding": "identity" },
      },
      (gatewayResponse) => {
        exchange.status = gatewayResponse.statusCode ?? 0;
        exchange.responseHeaders = gatewayResponse.headers;
        clientResponse.writeHead(exchange.status, gatewayResponse.headers);
        gatewayResponse.on("data", (chunk: Buffer) => {
          exchange.responseBody += chunk.toString("utf8");
          clientResponse.write(chunk);
        });
        gatewayResponse.on("end", () => clientResponse.end());
        gatewayResponse.on("error", () => clientResponse.destroy());
      },
    );
    upstream.on("error", (error) => {
      exchange.status = 502;
      exchange.responseBody = `proxy could not reach the gateway: ${error.message}`;
      if (!clientResponse.headersSent) clientResponse.writeHead(502);
      clientResponse.end();
    });
    clientRequest.on("data", (chunk: Buffer) => {
      requestChunks.push(chunk);
      upstream.write(chunk);
    });
    clientRequest.on("end", () => {
      exchange.requestBody = Buffer.concat(requestChunks).toString("utf8");
      upstream.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (typeof address !== "object" || address === null) throw new Error("recording proxy did not bind");
  return {
    url: `http://127.0.0.1:${address.port}`,
    exchanges,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
