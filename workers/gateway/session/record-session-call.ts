import type { IrRequest } from "../../core/ir/request.ts";
import { redactSecrets } from "../../core/redaction/redact-secrets.ts";
import { extractSessionCall, type SessionCallContent } from "../../core/session/extract-session-call.ts";
import type { SessionCallEvent } from "../../core/session/session-call-event.ts";
import {
  MAX_INDEXED_ARGUMENT_CHARS,
  MAX_QUEUED_TOOL_CALLS,
  type SessionIndexEntry,
} from "../../core/session/session-index-entry.ts";
import { sessionObjectName } from "../../core/session/session-scope.ts";
import { toolDefinitionsJsonOf } from "../../core/session/session-tool-definitions.ts";
import { truncateTraceText } from "../../core/session/trace-message.ts";
import type { SpendRecord } from "../../core/spend/spend-record.ts";
import type { RecordingContext } from "../pipeline/record-request.ts";
import type { SpendQueueMessage } from "../spend/spend-queue-message.ts";
import { principalSessionScope } from "./principal-session-scope.ts";
import { principalTracePolicy } from "./principal-trace-policy.ts";
import { rememberResponseSession } from "./response-session-index.ts";

export interface SessionCallSource {
  /** The IR request, to read the tool calls, results and turns it carries; absent for cache hits. */
  request: IrRequest | undefined;
  /** The Responses id the client got, for `previous_response_id` chains. */
  responseId: string | undefined;
}

/** Lets the response go out first: work scheduled here runs in a later task, not before the return. */
const afterResponse = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function indexedToolCalls(content: SessionCallContent | null): SessionIndexEntry["toolCalls"] {
  return (content?.toolCalls ?? []).slice(0, MAX_QUEUED_TOOL_CALLS).map((call) => ({
    id: call.id,
    name: call.name,
    arguments:
      call.arguments === null
        ? null
        : truncateTraceText(redactSecrets(call.arguments).text, MAX_INDEXED_ARGUMENT_CHARS),
  }));
}

/**
 * Records a call of a session, after the response (waitUntil): the spend record goes to the Queue
 * carrying the session's index entry, the span with its tool calls to the session's Durable Object
 * (named by the caller's scope, so equal ids of two tenants never meet), and a Responses answer's id to
 * the colo cache for chained follow-ups. Each path fails alone, logged, never failing the request.
 */
export function recordSessionCall(
  context: RecordingContext,
  record: SpendRecord & { sessionId: string },
  source: SessionCallSource,
): void {
  context.waitUntil(
    afterResponse().then(async () => {
      const { env } = context;
      const scope = principalSessionScope(context.variables.principal);
      const sessionId = record.sessionId;
      const { bodies: tracePolicy, retentionDays } = principalTracePolicy(context.variables.principal, env);
      const content = source.request === undefined ? null : extractSessionCall(source.request, tracePolicy);
      const responseId =
        context.variables.apiFormat === "openai-responses" && record.status < 400 ? source.responseId : undefined;
      const message: SpendQueueMessage = {
        ...record,
        session: {
          scope,
          sessionId,
          responseId: responseId ?? null,
          toolCalls: indexedToolCalls(content),
          retentionDays,
        },
      };
      const event: SessionCallEvent = { scope, sessionId, tracePolicy, retentionDays, record, content };
      // Bodies again, so only under `full`; the object stores each distinct set once (replays offer them).
      if (tracePolicy === "full" && source.request !== undefined) {
        event.toolDefinitions = toolDefinitionsJsonOf(source.request);
      }
      await Promise.all([
        env.SPEND_QUEUE.send(message).catch((error: unknown) => {
          console.error(`spend record ${record.requestId} could not be queued`, error);
        }),
        env.AGENT_SESSION.getByName(sessionObjectName(scope, sessionId))
          .recordCall(event)
          .catch((error: unknown) => {
            console.error(`session span ${record.requestId} could not be recorded`, error);
          }),
        responseId === undefined
          ? undefined
          : rememberResponseSession(scope, responseId, sessionId).catch((error: unknown) => {
              console.error(`response ${responseId} could not be mapped to its session`, error);
            }),
      ]);
    }),
  );
}
