import { describe, expect, it } from "vitest";
import {
  mintSessionId,
  previousResponseIdOf,
  resolveSessionIdentity,
  wantsNewSession,
} from "../../../workers/core/session/session-identity.ts";
import claudeCodeRequest from "../../fixtures/anthropic-messages/claude-code-request.json";
import codexRequest from "../../fixtures/openai-responses/codex-request.json";

const none = new Headers();

describe("resolveSessionIdentity", () => {
  it("reads Claude Code's header first, then its metadata.user_id JSON", () => {
    const headers = new Headers({ "x-claude-code-session-id": "cc-header-id" });
    expect(resolveSessionIdentity(headers, claudeCodeRequest)).toEqual({
      sessionId: "cc-header-id",
      source: "x-claude-code-session-id",
    });
    expect(resolveSessionIdentity(none, claudeCodeRequest)).toEqual({
      sessionId: "5c0e7a2f-3b1d-4e8a-9f6c-2d4b8a1e7c3f",
      source: "metadata.user_id",
    });
  });

  it("reads Codex's turn-metadata header, then client_metadata, then prompt_cache_key", () => {
    const headers = new Headers({ "x-codex-turn-metadata": '{"session_id":"codex-header","turn_id":"t1"}' });
    expect(resolveSessionIdentity(headers, codexRequest)?.sessionId).toBe("codex-header");
    expect(resolveSessionIdentity(none, codexRequest)).toEqual({
      sessionId: "019aa9c1-3f6e-7d20-b5a8-4e2f1c9d7b63",
      source: "client_metadata.session_id",
    });
    expect(resolveSessionIdentity(none, { prompt_cache_key: "pck-1" })).toEqual({
      sessionId: "pck-1",
      source: "prompt_cache_key",
    });
  });

  it("reads OpenCode's and custom agents' x-session-id", () => {
    expect(resolveSessionIdentity(new Headers({ "x-session-id": "ses_abc" }), {})).toEqual({
      sessionId: "ses_abc",
      source: "x-session-id",
    });
  });

  it("ignores a plain metadata.user_id, malformed JSON, and oversized ids", () => {
    expect(resolveSessionIdentity(none, { metadata: { user_id: "user-42" } })).toBeUndefined();
    expect(resolveSessionIdentity(new Headers({ "x-codex-turn-metadata": "{not json" }), {})).toBeUndefined();
    expect(resolveSessionIdentity(new Headers({ "x-session-id": "x".repeat(201) }), {})).toBeUndefined();
  });

  it("reads our own x-switchyard-session first; `new` is a request to mint, not an id", () => {
    const own = new Headers({ "x-switchyard-session": "mine-1", "x-claude-code-session-id": "cc" });
    expect(resolveSessionIdentity(own, {})).toEqual({ sessionId: "mine-1", source: "x-switchyard-session" });
    const fresh = new Headers({ "x-switchyard-session": "New", "x-session-id": "ses_1" });
    expect(resolveSessionIdentity(fresh, {})).toEqual({ sessionId: "ses_1", source: "x-session-id" });
    expect(wantsNewSession(fresh)).toBe(true);
    expect(wantsNewSession(own)).toBe(false);
    expect(mintSessionId()).toMatch(/^sess_[0-9a-f]{24}$/);
    expect(mintSessionId()).not.toBe(mintSessionId());
  });

  it("reads previous_response_id, ignoring empty values", () => {
    expect(previousResponseIdOf({ previous_response_id: "resp_1" })).toBe("resp_1");
    expect(previousResponseIdOf({ previous_response_id: "" })).toBeUndefined();
    expect(previousResponseIdOf({ previous_response_id: null })).toBeUndefined();
  });
});
