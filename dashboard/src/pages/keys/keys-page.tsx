import { useState } from "preact/hooks";
import { deleteKeys, fetchKeySpend, type KeyInfo, listKeys, setKeyBlocked } from "../../api/keys-api.ts";
import { useSignedIn } from "../../auth/session-context.ts";
import { AsyncView } from "../../components/async-view.tsx";
import { ConfirmDialog } from "../../components/confirm-dialog.tsx";
import { EmptyState } from "../../components/empty-state.tsx";
import { ErrorBanner } from "../../components/error-banner.tsx";
import { PageHeader } from "../../components/page-header.tsx";
import { Pager } from "../../components/pager.tsx";
import { SecretOnceDialog } from "../../components/secret-once-dialog.tsx";
import { useAsync } from "../../hooks/use-async.ts";
import { KeyFormDialog } from "./key-form-dialog.tsx";
import { type KeyAction, KeyRow } from "./key-row.tsx";

const PAGE_SIZE = 100;

type Dialog =
  | { kind: "none" }
  | { kind: "create" }
  | { kind: "edit"; key: KeyInfo }
  | { kind: "delete"; key: KeyInfo }
  | { kind: "created"; secret: string };

/** Virtual keys with their spend; create (the key is shown once), edit limits, block, delete. */
export function KeysPage() {
  const { permissions } = useSignedIn();
  const [page, setPage] = useState(1);
  const [dialog, setDialog] = useState<Dialog>({ kind: "none" });
  const [actionError, setActionError] = useState<Error | null>(null);
  const { state, reload } = useAsync(async () => {
    const [keys, spend] = await Promise.all([listKeys(page, PAGE_SIZE), fetchKeySpend()]);
    return { keys, spendByKey: new Map(spend.map((row) => [row.key, row])), loadedAt: Date.now() };
  }, [page]);
  const canWrite = permissions.writeKeysAndAgents;

  const onAction = (action: KeyAction, key: KeyInfo) => {
    setActionError(null);
    switch (action) {
      case "edit":
      case "delete":
        setDialog({ kind: action, key });
        return;
      case "block":
      case "unblock":
        setKeyBlocked(key.token, action === "block").then(reload, (error: unknown) =>
          setActionError(error instanceof Error ? error : new Error(String(error))),
        );
        return;
      default: {
        const unreachable: never = action;
        throw new Error(`unknown key action ${String(unreachable)}`);
      }
    }
  };
  const close = () => setDialog({ kind: "none" });

  return (
    <>
      <PageHeader
        title="Keys"
        description="Virtual keys for the gateway and the admin API, with their spend and limits."
        actions={
          <>
            <button type="button" class="button" onClick={reload}>
              Refresh
            </button>
            {canWrite ? (
              <button type="button" class="button primary" onClick={() => setDialog({ kind: "create" })}>
                Create key
              </button>
            ) : null}
          </>
        }
      />
      {actionError === null ? null : <ErrorBanner error={actionError} />}
      <AsyncView state={state} onRetry={reload} loadingLabel="Loading keys…">
        {({ keys, spendByKey, loadedAt }) =>
          keys.keys.length === 0 ? (
            <EmptyState
              title="No keys yet"
              action={
                canWrite ? (
                  <button type="button" class="button primary" onClick={() => setDialog({ kind: "create" })}>
                    Create the first key
                  </button>
                ) : undefined
              }
            >
              Keys let apps and agents call the gateway with their own budget and limits.
              {canWrite ? "" : " Ask an admin to create one."}
            </EmptyState>
          ) : (
            <>
              <table class="table" data-testid="keys-table">
                <thead>
                  <tr>
                    <th>Key</th>
                    <th>Team</th>
                    <th>Role</th>
                    <th title="All-time spend against the key's budget">Spend / budget</th>
                    <th class="numeric">Requests</th>
                    <th>Limits</th>
                    <th>Status</th>
                    <th>Created</th>
                    {canWrite ? <th aria-label="Actions" /> : null}
                  </tr>
                </thead>
                <tbody>
                  {keys.keys.map((key) => (
                    <KeyRow
                      key={key.token}
                      keyInfo={key}
                      spend={spendByKey.get(key.token)}
                      canWrite={canWrite}
                      now={loadedAt}
                      onAction={onAction}
                    />
                  ))}
                </tbody>
              </table>
              <Pager page={page} totalPages={keys.total_pages} onPage={setPage} />
            </>
          )
        }
      </AsyncView>
      {dialog.kind === "create" || dialog.kind === "edit" ? (
        <KeyFormDialog
          mode={dialog.kind === "create" ? { kind: "create" } : { kind: "edit", key: dialog.key }}
          onClose={close}
          onCreated={(secret) => {
            setDialog({ kind: "created", secret });
            reload();
          }}
          onSaved={() => {
            close();
            reload();
          }}
        />
      ) : null}
      {dialog.kind === "created" ? (
        <SecretOnceDialog
          title="Key created"
          secret={dialog.secret}
          onClose={close}
          usage="Use it as 'Authorization: Bearer <key>' (or x-api-key) against the gateway."
        />
      ) : null}
      {dialog.kind === "delete" ? (
        <ConfirmDialog
          title="Delete key"
          confirmLabel="Delete"
          onClose={close}
          onConfirm={() => deleteKeys([dialog.key.token]).then(reload)}
        >
          <p>
            Delete <strong>{dialog.key.key_alias ?? dialog.key.key_name}</strong>? Requests with it fail within seconds.
            Its spend history stays.
          </p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}
