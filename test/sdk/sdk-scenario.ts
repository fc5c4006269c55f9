/**
 * The one conversation every SDK test plays: the user asks for the weather,
 * the model calls `get_weather`, the client answers with the tool result, and
 * the model's final text quotes that result. The scripted upstreams build the
 * final text from the tool result they *received*, so a quote in the client's
 * answer proves the result crossed the gateway (and any translation) intact.
 */

export const QUESTION = "What's the weather in Paris right now?";

export const WEATHER_TOOL = {
  name: "get_weather",
  description: "Current weather for a city.",
  parameters: {
    type: "object" as const,
    properties: {
      city: { type: "string", description: "City name, e.g. Paris" },
      unit: { type: "string", enum: ["celsius", "fahrenheit"] },
    },
    required: ["city", "unit"],
    additionalProperties: false,
  },
};

export const TOOL_ARGUMENTS = { city: "Paris", unit: "celsius" } as const;

/** Non-ASCII on purpose: the byte-level chunking splits it mid-character. */
export const TOOL_RESULT = "18 °C, light rain, wind 14 km/h from the south-west — humidity 82 %";

export function finalAnswerQuoting(toolResult: string): string {
  return `Right now in Paris: ${toolResult}. Take an umbrella ☔.`;
}

export const FINAL_ANSWER = finalAnswerQuoting(TOOL_RESULT);

/** Text of the upstream's answer when it cannot find a tool result: makes a lost result visible. */
export const NO_TOOL_RESULT_SEEN = "NO TOOL RESULT RECEIVED";

/** Awkward chunk sizes for the upstream bytes: cuts through event lines, JSON and UTF-8 sequences. */
export const AWKWARD_CHUNKS = [7, 1, 33, 2, 64, 5];
