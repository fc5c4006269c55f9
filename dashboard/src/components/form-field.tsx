import type { ComponentChildren } from "preact";

/** A labelled control with an optional hint and the API's error for this field. */
export function FormField({
  label,
  hint,
  error,
  children,
}: {
  label: string;
  hint?: string;
  error?: string | undefined;
  children: ComponentChildren;
}) {
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control is `children`, nested inside the label
    <label class={error === undefined ? "field" : "field invalid"}>
      <span class="field-label">{label}</span>
      {children}
      {hint === undefined ? null : <span class="field-hint">{hint}</span>}
      {error === undefined ? null : <span class="field-error">{error}</span>}
    </label>
  );
}
