/**
 * `promise`, or a rejection with the reason of whichever signal aborts first.
 * The upstream deadlines are enforced here rather than only through the
 * fetch's own signal, because a transport may not honour it (a Workers AI
 * binding, a mocked fetch) and a body read must stop even then.
 */
export function raceWithSignals<T>(promise: Promise<T>, signals: readonly (AbortSignal | undefined)[]): Promise<T> {
  const active = signals.filter((signal): signal is AbortSignal => signal !== undefined);
  if (active.length === 0) return promise;
  const alreadyAborted = active.find((signal) => signal.aborted);
  if (alreadyAborted !== undefined) {
    // The losing promise may still reject later; nobody is waiting for it.
    promise.catch(() => undefined);
    return Promise.reject(alreadyAborted.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const listeners = active.map((signal) => {
      const listener = () => {
        detach();
        promise.catch(() => undefined);
        reject(signal.reason);
      };
      signal.addEventListener("abort", listener);
      return { signal, listener };
    });
    const detach = () => {
      for (const { signal, listener } of listeners) signal.removeEventListener("abort", listener);
    };
    promise.then(
      (value) => {
        detach();
        resolve(value);
      },
      (error: unknown) => {
        detach();
        reject(error);
      },
    );
  });
}
