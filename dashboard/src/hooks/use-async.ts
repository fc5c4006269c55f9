import { useCallback, useEffect, useRef, useState } from "preact/hooks";

export type AsyncState<T> =
  | { status: "loading"; data: T | undefined }
  | { status: "ready"; data: T }
  | { status: "failed"; error: Error; data: T | undefined };

export interface AsyncResource<T> {
  state: AsyncState<T>;
  /** Loads again, keeping the previous data on screen meanwhile. */
  reload: () => void;
}

/**
 * Runs `load` when `deps` change and on reload. An older answer arriving after a newer request is
 * dropped (its controller is aborted), so quick filter changes never show stale rows.
 */
export function useAsync<T>(load: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[]): AsyncResource<T> {
  const [state, setState] = useState<AsyncState<T>>({ status: "loading", data: undefined });
  const [generation, setGeneration] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    const controller = new AbortController();
    setState((previous) => ({ status: "loading", data: previous.data }));
    loadRef.current(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ status: "ready", data });
      },
      (thrown: unknown) => {
        if (controller.signal.aborted) return;
        const error = thrown instanceof Error ? thrown : new Error(String(thrown));
        setState((previous) => ({ status: "failed", error, data: previous.data }));
      },
    );
    return () => controller.abort();
  }, [...deps, generation]);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return { state, reload };
}
