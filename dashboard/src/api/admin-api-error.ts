/** One field-level problem the admin API reported (config validation lists them in `error.details`). */
export interface AdminApiIssue {
  path: string;
  message: string;
}

/**
 * A failed admin API call, read from the OpenAI-style error envelope every admin route answers with
 * (`{error: {message, type, param, code, details?}}`). Network failures become status 0.
 */
export class AdminApiError extends Error {
  readonly status: number;
  readonly code: string | null;
  readonly param: string | null;
  readonly issues: AdminApiIssue[];

  constructor(status: number, message: string, code: string | null, param: string | null, issues: AdminApiIssue[]) {
    super(message);
    this.name = "AdminApiError";
    this.status = status;
    this.code = code;
    this.param = param;
    this.issues = issues;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const stringOrNull = (value: unknown) => (typeof value === "string" ? value : null);

function issuesOf(value: unknown): AdminApiIssue[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) =>
    isRecord(item) && typeof item.message === "string"
      ? [{ path: typeof item.path === "string" ? item.path : "", message: item.message }]
      : [],
  );
}

/** Builds the error from a non-2xx response body (already parsed, or undefined when it was not JSON). */
export function adminApiErrorOf(status: number, body: unknown, fallback: string): AdminApiError {
  const error = isRecord(body) && isRecord(body.error) ? body.error : undefined;
  const message = typeof error?.message === "string" ? error.message : fallback;
  return new AdminApiError(
    status,
    message,
    stringOrNull(error?.code),
    stringOrNull(error?.param),
    issuesOf(error?.details),
  );
}
