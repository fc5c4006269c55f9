import { CopyButton } from "./copy-button.tsx";

/** Preformatted text with a title and a copy button (config YAML, connect snippets, raw bodies). */
export function CodeBlock({ title, code, testId }: { title?: string; code: string; testId?: string }) {
  return (
    <figure class="code-block" data-testid={testId}>
      <figcaption>
        <span>{title ?? ""}</span>
        <CopyButton text={code} />
      </figcaption>
      <pre>
        <code>{code}</code>
      </pre>
    </figure>
  );
}
