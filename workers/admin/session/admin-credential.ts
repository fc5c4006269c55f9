/**
 * How the caller of an admin route authenticated: an admin key on the request
 * (`Authorization: Bearer`), or a dashboard session cookie issued for one.
 * Either way the actor is the key's, read afresh on every request.
 */
export type AdminCredential =
  | { kind: "bearer"; keyAlias: string | null; expiresAt: number | null }
  | {
      kind: "session";
      sessionTokenHash: string;
      /** SHA-256 (hex) of the admin key the session was issued for. */
      keyTokenHash: string;
      keyAlias: string | null;
      expiresAt: number;
    };
