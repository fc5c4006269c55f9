import { AdminApiError } from "../api/admin-api-error.ts";

function hintFor(error: Error): string | null {
  if (!(error instanceof AdminApiError)) return null;
  if (error.status === 403) return "Your role does not allow this.";
  if (error.status === 0) return "Check that `npm start` (or the deployed admin worker) is running.";
  return null;
}

/** A failed call, in the admin API's words, with a retry when one makes sense. */
export function ErrorBanner({ error, onRetry }: { error: Error; onRetry?: () => void }) {
  const hint = hintFor(error);
  return (
    <div class="error-banner" role="alert">
      <div>
        <strong>{error.message}</strong>
        {hint === null ? null : <div class="muted">{hint}</div>}
      </div>
      {onRetry === undefined ? null : (
        <button type="button" class="button" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}
