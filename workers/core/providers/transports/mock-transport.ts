/**
 * The built-in `mock/` provider: the in-process OpenAI Chat upstream of
 * ../mock-upstream.ts behind the transport interface. No network, so the
 * demo and tests run without keys; `mock_response` fixes the reply text.
 */
import { answerMockRequest } from "../mock-upstream.ts";
import type { ProviderFormat } from "../provider-format.ts";
import type { ProviderTransport, UpstreamCall } from "../provider-transport.ts";
import { jsonPostRequest } from "./json-post-request.ts";
import { unsupportedFormatError } from "./unsupported-format-error.ts";

/** Never fetched: a name for the request the mock answers. */
export const MOCK_UPSTREAM_URL = "https://mock.switchyard.internal/v1/chat/completions";

const MOCK_FORMATS: readonly ProviderFormat[] = ["openai-chat"];

export const mockTransport: ProviderTransport = {
  id: "mock",
  formats: MOCK_FORMATS,
  async send(call: UpstreamCall) {
    if (call.format !== "openai-chat") throw unsupportedFormatError("mock", call.format);
    const request = jsonPostRequest(MOCK_UPSTREAM_URL, new Headers(), call.body, call.signal);
    return answerMockRequest(request, call.deployment.mockResponse);
  },
};
