import { useEffect, useState } from "preact/hooks";
import { subscribeInFlight } from "../api/admin-client.ts";

/** A thin bar across the top while any admin API call is running, so slow reads never look frozen. */
export function ProgressBar() {
  const [busy, setBusy] = useState(false);
  useEffect(() => subscribeInFlight((count) => setBusy(count > 0)), []);
  return <div class={busy ? "progress-bar busy" : "progress-bar"} role="progressbar" aria-hidden={!busy} />;
}
