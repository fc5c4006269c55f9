import { CopyButton } from "./copy-button.tsx";
import { Modal } from "./modal.tsx";

/** A newly issued key: shown this once (the admin API keeps only its hash), with a copy button. */
export function SecretOnceDialog({
  title,
  secret,
  onClose,
  usage,
}: {
  title: string;
  secret: string;
  onClose: () => void;
  usage?: string;
}) {
  return (
    <Modal title={title} onClose={onClose}>
      <div class="stack">
        <p class="notice warn">Copy this key now. It is shown only once: Switchyard stores its SHA-256, not the key.</p>
        <div class="secret-row">
          <code class="secret" data-testid="new-key">
            {secret}
          </code>
          <CopyButton text={secret} />
        </div>
        {usage === undefined ? null : <p class="muted small">{usage}</p>}
        <div class="dialog-actions">
          <button type="button" class="button primary" onClick={onClose}>
            I have copied it
          </button>
        </div>
      </div>
    </Modal>
  );
}
