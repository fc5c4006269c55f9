import { z } from "zod";
import type { GatewayError } from "../../errors/gateway-error.ts";
import { zodErrorToGatewayError } from "../../errors/zod-issue-to-error.ts";

/**
 * A zod failure → a 400 naming the deepest field at fault. A failed union
 * (`content: string | parts[]`) reports only the union's own path; when
 * exactly one branch got past the input's type, its first issue is the real
 * problem (e.g. `messages[0].content[1].type`), so that issue is reported,
 * with the accepted values when a discriminator did not match.
 */
export function narrowZodUnionError(error: z.ZodError): GatewayError {
  return zodErrorToGatewayError(new z.ZodError(error.issues.map((issue) => narrowIssue(issue))));
}

function narrowIssue(issue: z.core.$ZodIssue): z.core.$ZodIssue {
  if (issue.code !== "invalid_union") return issue;
  // A discriminated union whose discriminator matched no option names the options it accepts.
  if ("options" in issue && issue.options !== undefined && issue.errors.length === 0) {
    return {
      code: "invalid_value",
      values: issue.options,
      path: issue.path,
      message: issue.message,
      input: issue.input,
    };
  }
  const typeMismatch = (branch: z.core.$ZodIssue[]) =>
    branch.length === 1 && branch[0]?.code === "invalid_type" && branch[0].path.length === 0;
  const candidates = issue.errors.filter((branch) => !typeMismatch(branch));
  const inner = candidates.length === 1 ? candidates[0]?.[0] : undefined;
  if (inner === undefined) return issue;
  return narrowIssue({ ...inner, path: [...issue.path, ...inner.path] } as z.core.$ZodIssue);
}
