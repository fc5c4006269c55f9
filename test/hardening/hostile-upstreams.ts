// Upstreams that try to leak the credentials the gateway sends them, for secret-canaries.test.ts.

/** Every credential-bearing header of a request, as the upstream received it. */
function credentialsOf(request: Request): string {
  return ["authorization", "x-api-key", "x-goog-api-key", "api-key", "x-amz-security-token"]
    .map((name) => `${name}=${request.headers.get(name) ?? ""}`)
    .join(" ");
}

/** The status the test asks for: `STATUS=<code>` anywhere in the request body, else 400. */
function requestedStatus(body: string): number {
  return Number(/STATUS=(\d{3})/.exec(body)?.[1] ?? 400);
}

/**
 * An OpenAI- or Anthropic-style upstream that fails with the requested status and puts everything it was
 * sent (credential headers and the request body) into its error message, where a careless gateway would
 * pass it on: 4xx messages reach the caller, so this is the realistic attack on a provider key.
 */
export function echoingErrorUpstream(request: Request, body: string): Response {
  const message = `Rejected: you sent ${credentialsOf(request)} with ${body.slice(0, 200)}`;
  return Response.json(
    { type: "error", error: { type: "invalid_request_error", message, code: "echo" } },
    { status: requestedStatus(body), headers: { "x-echo": credentialsOf(request) } },
  );
}

/** Bedrock's error shape: a top-level `message` (https://docs.aws.amazon.com/bedrock/latest/APIReference/CommonErrors.html). */
export function echoingBedrockUpstream(request: Request, body: string): Response {
  return Response.json(
    { message: `The security token included in the request is invalid: ${credentialsOf(request)}` },
    { status: requestedStatus(body), headers: { "x-amzn-errortype": "UnrecognizedClientException" } },
  );
}

const CHUNK_BASE = { id: "chatcmpl-canary", object: "chat.completion.chunk", created: 1763900000, model: "gpt-4.1" };

/** An OpenAI Chat stream answering with one tool call whose arguments are `argumentsText`. */
export function toolCallStream(argumentsText: string): Response {
  const chunk = (delta: unknown, finish: string | null = null) => ({
    ...CHUNK_BASE,
    choices: [{ index: 0, delta, finish_reason: finish }],
    usage: null,
  });
  const chunks = [
    chunk({ role: "assistant", content: "" }),
    chunk({
      tool_calls: [{ index: 0, id: "call_deploy", type: "function", function: { name: "deploy", arguments: "" } }],
    }),
    chunk({ tool_calls: [{ index: 0, function: { arguments: argumentsText } }] }),
    chunk({}, "tool_calls"),
    { ...CHUNK_BASE, choices: [], usage: { prompt_tokens: 40, completion_tokens: 12, total_tokens: 52 } },
  ];
  const text = `${chunks.map((item) => `data: ${JSON.stringify(item)}\n\n`).join("")}data: [DONE]\n\n`;
  return new Response(text, { headers: { "content-type": "text/event-stream" } });
}

/** An OpenAI Chat stream answering with plain text. */
export function textStream(text: string): Response {
  const chunks = [
    { ...CHUNK_BASE, choices: [{ index: 0, delta: { role: "assistant", content: text }, finish_reason: null }] },
    { ...CHUNK_BASE, choices: [{ index: 0, delta: {}, finish_reason: "stop" }] },
    { ...CHUNK_BASE, choices: [], usage: { prompt_tokens: 60, completion_tokens: 5, total_tokens: 65 } },
  ];
  const body = `${chunks.map((item) => `data: ${JSON.stringify(item)}\n\n`).join("")}data: [DONE]\n\n`;
  return new Response(body, { headers: { "content-type": "text/event-stream" } });
}
