/** The wire formats the gateway speaks, inbound (clients) and outbound (providers). */
export const API_FORMATS = ["openai-chat", "openai-responses", "anthropic-messages", "gemini"] as const;
export type ApiFormat = (typeof API_FORMATS)[number];
