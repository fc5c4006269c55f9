import { useState } from "preact/hooks";
import { type AdminSession, signIn } from "../api/auth-api.ts";

/**
 * Trades an admin key (master key, or a virtual key with role admin, team_admin or viewer) for the
 * admin worker's HttpOnly session cookie. The key lives only in this form's state until the answer.
 */
export function SignInPage({
  notice,
  onSignedIn,
}: {
  notice: string | null;
  onSignedIn: (session: AdminSession) => void;
}) {
  const [key, setKey] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    signIn(key.trim()).then(
      (session) => {
        setKey("");
        onSignedIn(session);
      },
      (thrown: unknown) => {
        setBusy(false);
        setError(thrown instanceof Error ? thrown.message : String(thrown));
      },
    );
  };

  return (
    <div class="center-screen">
      <form class="sign-in card" onSubmit={submit} aria-label="Sign in">
        <h1>Switchyard</h1>
        <p class="muted">
          Sign in with an admin key: the master key, or a key issued with an admin, team_admin or viewer role.
        </p>
        {notice === null ? null : <p class="notice">{notice}</p>}
        <label class="field">
          <span class="field-label">Admin key</span>
          <input
            name="admin-key"
            type="password"
            autoComplete="off"
            placeholder="sk-…"
            required
            value={key}
            onInput={(event) => setKey(event.currentTarget.value)}
          />
        </label>
        {error === null ? null : (
          <p class="field-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="button primary" disabled={busy || key.trim() === ""}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
        <p class="muted small">The key is exchanged for a session cookie the page cannot read; it is not stored.</p>
      </form>
    </div>
  );
}
