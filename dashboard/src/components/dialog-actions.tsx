/** A form's submit button (and Cancel, given `onCancel`), both disabled while it saves. */
export function DialogActions({
  busy,
  submitLabel,
  busyLabel = "Saving…",
  onCancel,
}: {
  busy: boolean;
  submitLabel: string;
  busyLabel?: string;
  onCancel?: () => void;
}) {
  return (
    <div class="dialog-actions">
      {onCancel === undefined ? null : (
        <button type="button" class="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      )}
      <button type="submit" class="button primary" disabled={busy}>
        {busy ? busyLabel : submitLabel}
      </button>
    </div>
  );
}
