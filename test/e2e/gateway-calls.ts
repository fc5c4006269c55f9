// Traffic through the gateway the way a client sends it, for the dashboard to show.

export async function chatCompletion(
  gatewayUrl: string,
  key: string,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${gatewayUrl}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...headers },
    body: JSON.stringify({ model: "demo", ...body }),
  });
}

const LIST_FILES_TOOL = {
  type: "function",
  function: {
    name: "list_files",
    description: "List the files in a directory",
    parameters: { type: "object", properties: { path: { type: "string" } }, required: ["path"] },
  },
};

/**
 * A two-call agent turn under one session id: the user asks, then the client sends back the model's
 * tool call with its result (as agents resend the conversation), so the trace holds two model calls
 * and one tool call between them.
 */
export async function twoCallSession(gatewayUrl: string, key: string, sessionId: string): Promise<void> {
  const headers = { "x-session-id": sessionId };
  const question = { role: "user", content: "Which files are in the repository root?" };
  const first = await chatCompletion(gatewayUrl, key, { messages: [question], tools: [LIST_FILES_TOOL] }, headers);
  if (first.status !== 200) throw new Error(`first call answered ${first.status}: ${await first.text()}`);
  const second = await chatCompletion(
    gatewayUrl,
    key,
    {
      tools: [LIST_FILES_TOOL],
      messages: [
        question,
        {
          role: "assistant",
          content: null,
          tool_calls: [
            { id: "call_list_1", type: "function", function: { name: "list_files", arguments: '{"path":"."}' } },
          ],
        },
        { role: "tool", tool_call_id: "call_list_1", content: "README.md\npackage.json\nworkers/" },
      ],
    },
    headers,
  );
  if (second.status !== 200) throw new Error(`second call answered ${second.status}: ${await second.text()}`);
}
