import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { Modal } from "./modal.tsx";

/** Asks before something that cannot be undone; shows the failure if the action fails. */
export function ConfirmDialog({
  title,
  confirmLabel,
  onConfirm,
  onClose,
  children,
}: {
  title: string;
  confirmLabel: string;
  onConfirm: () => Promise<unknown>;
  onClose: () => void;
  children: ComponentChildren;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirm = () => {
    setBusy(true);
    setError(null);
    onConfirm().then(onClose, (thrown: unknown) => {
      setBusy(false);
      setError(thrown instanceof Error ? thrown.message : String(thrown));
    });
  };
  return (
    <Modal title={title} onClose={onClose}>
      <div class="stack">
        {children}
        {error === null ? null : (
          <p class="field-error" role="alert">
            {error}
          </p>
        )}
        <div class="dialog-actions">
          <button type="button" class="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="button" class="button danger" onClick={confirm} disabled={busy}>
            {busy ? "Working…" : confirmLabel}
          </button>
        </div>
      </div>
    </Modal>
  );
}
