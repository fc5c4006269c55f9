/**
 * Whose sessions a session id lives among. Clients choose their session ids, so the same id from two
 * tenants must never reach the same Durable Object: one tenant could otherwise write spans into, or
 * read back, another's session by reusing its id. A key in a team shares its team's scope (an agent
 * and the people of one team may continue each other's sessions); a key without a team is its own scope.
 */
export interface SessionOwner {
  keyHash: string;
  teamId: string | null;
}

export function sessionScopeOf(owner: SessionOwner): string {
  // Team ids are chosen by admins: encoding keeps `/` (the name separator below) out of the scope.
  return owner.teamId === null ? `key:${owner.keyHash}` : `team:${encodeURIComponent(owner.teamId)}`;
}

/** The AgentSession object's name: scope, `/`, session id. A scope never contains `/`, so names cannot collide. */
export function sessionObjectName(scope: string, sessionId: string): string {
  return `${scope}/${sessionId}`;
}
