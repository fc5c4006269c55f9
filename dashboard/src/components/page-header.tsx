import type { ComponentChildren } from "preact";

export function PageHeader({
  title,
  description,
  actions,
}: {
  title: string;
  description?: ComponentChildren;
  actions?: ComponentChildren;
}) {
  return (
    <header class="page-header">
      <div>
        <h1>{title}</h1>
        {description === undefined ? null : <p class="muted">{description}</p>}
      </div>
      {actions === undefined ? null : <div class="page-actions">{actions}</div>}
    </header>
  );
}
