import codexRequest from "../../../fixtures/openai-responses/codex-request.json";

/** Values of the recorded Codex request that the tests assert on, pulled out once. */
function stringAt(value: unknown, ...path: Array<string | number>): string {
  let current: unknown = value;
  for (const key of path) {
    if (current === null || typeof current !== "object") throw new Error(`fixture has no ${path.join(".")}`);
    current = (current as Record<string | number, unknown>)[key];
  }
  if (typeof current !== "string") throw new Error(`fixture ${path.join(".")} is not a string`);
  return current;
}

export const codex = {
  request: codexRequest,
  callId: "call_Xk3pQ9mB2vT7nR4sL8wE1yZa",
  instructions: codexRequest.instructions,
  developerText: stringAt(codexRequest, "input", 0, "content", 0, "text"),
  environmentText: stringAt(codexRequest, "input", 1, "content", 0, "text"),
  encryptedReasoning: stringAt(codexRequest, "input", 3, "encrypted_content"),
  shellOutput: stringAt(codexRequest, "input", 5, "output"),
  execCommandTool: codexRequest.tools[0],
  namespaceTool: codexRequest.tools[1],
};
