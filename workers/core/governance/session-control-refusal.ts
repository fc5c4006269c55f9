/** Why a governed request was refused before it ran (check-session-controls.ts). */
export type SessionControlReason =
  | "session_stopped"
  | "agent_stopped"
  | "key_stopped"
  | "max_steps"
  | "max_cost"
  | "repeated_tool_call"
  | "repeated_model_request";

export type SessionControlResult = { ok: true } | { ok: false; reason: SessionControlReason; message: string };

/** What the caller reads: the reason, and what to do about it (an admin must act; retrying does not help). */
export function sessionControlMessage(reason: SessionControlReason, detail: string | null): string {
  const suffix = detail === null || detail === "" ? "" : ` (${detail})`;
  switch (reason) {
    case "session_stopped":
      return `This session was stopped by an administrator${suffix}; start a new session or ask an administrator to resume it.`;
    case "agent_stopped":
      return `This agent was stopped by an administrator${suffix}; ask an administrator to resume it.`;
    case "key_stopped":
      return `This API key was stopped by an administrator${suffix}.`;
    case "max_steps":
      return `This session reached its step limit and was stopped${suffix}; start a new session.`;
    case "max_cost":
      return `This session reached its cost limit and was stopped${suffix}; start a new session.`;
    case "repeated_tool_call":
      return `This session repeated an identical tool call too often and was stopped as a loop${suffix}; start a new session.`;
    case "repeated_model_request":
      return `This session repeated an identical model request too often and was stopped as a loop${suffix}; start a new session.`;
    default: {
      const unreachable: never = reason;
      return unreachable;
    }
  }
}
