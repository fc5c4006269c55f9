import { verifyAudit } from "../../api/audit-api.ts";
import { AsyncView } from "../../components/async-view.tsx";
import { formatCount, shortHash } from "../../format/format-values.ts";
import { useAsync } from "../../hooks/use-async.ts";

const REASONS = {
  hash_mismatch: "an entry's own hash does not match its fields (it was edited)",
  prev_hash_mismatch: "an entry does not link to the one before it (one was replaced or removed)",
  seq_gap: "sequence numbers skip (an entry was deleted)",
} as const;

/** The hash chain recomputed on the server: intact (how many entries, head hash) or where it breaks. */
export function AuditVerifyBanner() {
  const { state, reload } = useAsync(() => verifyAudit(), []);
  return (
    <AsyncView state={state} onRetry={reload} loadingLabel="Verifying the hash chain…">
      {(result) =>
        result.ok ? (
          <div class="verify ok" data-testid="audit-verify" role="status">
            <span>
              <strong>Chain verified</strong>: {formatCount(result.count)} entries, every hash recomputed and linked.
              Head #{result.head_seq} <code>{shortHash(result.head_hash, 16)}</code>
            </span>
            <button type="button" class="button small" onClick={reload}>
              Verify again
            </button>
          </div>
        ) : (
          <div class="verify bad" data-testid="audit-verify" role="alert">
            <span>
              <strong>Chain broken at entry #{result.first_broken.seq}</strong>: {REASONS[result.first_broken.reason]}.{" "}
              {formatCount(result.verified)} entries before it verify. Expected{" "}
              <code>{shortHash(result.first_broken.expected, 16)}</code>, stored{" "}
              <code>{shortHash(result.first_broken.stored, 16)}</code>.
            </span>
            <button type="button" class="button small" onClick={reload}>
              Verify again
            </button>
          </div>
        )
      }
    </AsyncView>
  );
}
