import type { ComponentChildren } from "preact";

/** What an empty list means and what to do next. */
export function EmptyState({
  title,
  children,
  action,
}: {
  title: string;
  children?: ComponentChildren;
  action?: ComponentChildren;
}) {
  return (
    <div class="empty-state">
      <h3>{title}</h3>
      {children === undefined ? null : <div class="empty-state-hint">{children}</div>}
      {action === undefined ? null : <div class="empty-state-action">{action}</div>}
    </div>
  );
}
