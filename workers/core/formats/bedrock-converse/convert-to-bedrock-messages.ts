import type { IrMessage, IrRequest } from "../../ir/request.ts";
import {
  assistantBlocks,
  type BedrockContentBlock,
  type BedrockContentContext,
  textBlocks,
  toolResultBlocks,
  userBlocks,
} from "./convert-to-bedrock-content.ts";

export interface BedrockMessage {
  role: "user" | "assistant";
  content: BedrockContentBlock[];
}

/**
 * How a mid-conversation system message is folded into a user turn. Converse
 * takes instructions only in the top-level `system`; moving later ones there
 * would change their order relative to the conversation (and the prompt-cache
 * prefix), so they stay where they were, as user-turn text marked as coming
 * from the system. It joins the user turn before it, or starts the next one.
 */
export const FOLDED_SYSTEM_PREFIX = "[System message]\n";

/** One IR part's blocks (the block and its cachePoint stay together when reordered). */
interface BlockGroup {
  toolResult: boolean;
  blocks: BedrockContentBlock[];
}

/**
 * IR messages → Converse `system` + alternating `messages`
 * (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Message.html):
 * - system messages before the first turn join the top-level `system`; later
 *   ones are folded into the adjacent user turn (see FOLDED_SYSTEM_PREFIX);
 * - tool results are user content (`toolResult` blocks), placed first in their
 *   turn, as Claude requires of tool results behind Converse;
 * - consecutive same-role turns are merged (Converse requires alternation),
 *   empty ones dropped (Converse rejects blank content).
 */
export function convertToBedrockMessages(
  request: Pick<IrRequest, "system" | "messages">,
  context: BedrockContentContext,
): { system: BedrockContentBlock[]; messages: BedrockMessage[] } {
  const system = request.system.flatMap((part) => textBlocks(part));
  const turns: Array<{ role: BedrockMessage["role"]; groups: BlockGroup[] }> = [];
  const push = (role: BedrockMessage["role"], groups: BlockGroup[]) => {
    const nonEmpty = groups.filter((group) => group.blocks.length > 0);
    if (nonEmpty.length === 0) return;
    const last = turns.at(-1);
    if (last?.role === role) last.groups.push(...nonEmpty);
    else turns.push({ role, groups: nonEmpty });
  };
  request.messages.forEach((message, messageIndex) => {
    const path = `messages[${messageIndex}].content`;
    if (message.role === "system" && turns.length === 0) {
      system.push(...message.content.flatMap((part) => textBlocks(part)));
      return;
    }
    push(roleOf(message), groupsOf(message, path, context));
  });
  const messages = turns.map(({ role, groups }) => {
    // "Tool result blocks must come first" (Anthropic tool use docs); harmless for other models.
    const ordered =
      role === "user" ? [...groups.filter((g) => g.toolResult), ...groups.filter((g) => !g.toolResult)] : groups;
    return { role, content: ordered.flatMap((group) => group.blocks) };
  });
  return { system, messages };
}

function roleOf(message: IrMessage): BedrockMessage["role"] {
  return message.role === "assistant" ? "assistant" : "user";
}

function groupsOf(message: IrMessage, path: string, context: BedrockContentContext): BlockGroup[] {
  switch (message.role) {
    case "system":
      return message.content.map((part) => ({ toolResult: false, blocks: textBlocks(part, FOLDED_SYSTEM_PREFIX) }));
    case "user":
      return message.content.map((part, index) => ({
        toolResult: false,
        blocks: userBlocks(part, `${path}[${index}]`, context),
      }));
    case "assistant":
      return message.content.map((part) => ({ toolResult: false, blocks: assistantBlocks(part, context) }));
    case "tool":
      return message.content.map((part, index) => ({
        toolResult: !context.toolBlocksAsText,
        blocks: toolResultBlocks(part, `${path}[${index}]`, context),
      }));
    default: {
      const unreachable: never = message;
      return unreachable;
    }
  }
}

/** Whether the history holds tool calls or results (which make Converse require a toolConfig). */
export function hasToolHistory(messages: readonly IrMessage[]): boolean {
  return messages.some(
    (message) =>
      message.role === "tool" ||
      (message.role === "assistant" && message.content.some((part) => part.type === "tool-call")),
  );
}
