import type { ComponentChildren } from "preact";
import type { AsyncState } from "../hooks/use-async.ts";
import { ErrorBanner } from "./error-banner.tsx";
import { Spinner } from "./spinner.tsx";

/**
 * Loading → spinner, failure → the error with a retry, data → `children(data)`. While reloading, the
 * previous data stays visible (the top progress bar shows the call).
 */
export function AsyncView<T>({
  state,
  onRetry,
  loadingLabel,
  children,
}: {
  state: AsyncState<T>;
  onRetry: () => void;
  loadingLabel?: string;
  children: (data: T) => ComponentChildren;
}) {
  if (state.status === "failed") {
    return (
      <>
        <ErrorBanner error={state.error} onRetry={onRetry} />
        {state.data === undefined ? null : children(state.data)}
      </>
    );
  }
  if (state.data === undefined) return <Spinner label={loadingLabel} />;
  return <>{children(state.data)}</>;
}
