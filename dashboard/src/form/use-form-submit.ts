import { useState } from "preact/hooks";
import { apiFieldErrors } from "./api-field-errors.ts";
import type { FieldErrors } from "./limits-draft.ts";

/**
 * The state every admin form keeps while it saves: the errors by field, a general
 * message, and whether a request is in flight. `start` clears the last attempt's
 * errors; `fail` puts an admin API error next to the field it names (one of `fields`).
 */
export function useFormSubmit(fields: readonly string[]) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const start = () => {
    setBusy(true);
    setErrors({});
    setGeneral(null);
  };
  const fail = (thrown: unknown) => {
    const mapped = apiFieldErrors(thrown, fields);
    setErrors(mapped.fields);
    setGeneral(mapped.general);
    setBusy(false);
  };
  /** Starts saving a draft that parsed; shows the fields of one that did not, and answers false. */
  const startParsed = <Parsed extends { ok: true } | { ok: false; errors: FieldErrors }>(
    parsed: Parsed,
  ): parsed is Extract<Parsed, { ok: true }> => {
    if ("errors" in parsed) {
      setErrors(parsed.errors);
      return false;
    }
    start();
    return true;
  };
  return { errors, general, busy, setBusy, start, startParsed, fail };
}
