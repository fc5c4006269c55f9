import { z } from "zod";
import type { VaultDestination, VaultInjection } from "../db/schema.ts";

/** A DNS name (lower case, no trailing dot), optionally `*.` + a suffix of at least two labels, optionally `:port`. */
const HOST_PATTERN = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(:[0-9]{1,5})?$/;
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
/** RFC 9110 token characters: what a header or query parameter name may be. */
const FIELD_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/;
const SECRET_PLACEHOLDER = "{{secret}}";

export const vaultDestinationSchema = z.strictObject({
  host: z
    .string()
    .transform((host) => host.trim().toLowerCase().replace(/\.$/, ""))
    .pipe(z.string().regex(HOST_PATTERN, "expected a host name such as api.github.com or *.example.com")),
  path_prefix: z
    .string()
    .max(500)
    .regex(/^\/[^?#%\\]*$/, "expected a path starting with '/', without '?', '#', '%' or '\\'")
    .optional(),
  methods: z
    .array(
      z
        .string()
        .transform((method) => method.toUpperCase())
        .pipe(z.enum(METHODS)),
    )
    .min(1)
    .max(METHODS.length)
    .optional(),
}) satisfies z.ZodType<VaultDestination>;

export const vaultInjectionSchema = z.discriminatedUnion("in", [
  z.strictObject({
    in: z.literal("header"),
    name: z
      .string()
      .regex(FIELD_NAME, "expected a header name")
      .transform((name) => name.toLowerCase()),
    template: z
      .string()
      .max(200)
      .refine((template) => template.split(SECRET_PLACEHOLDER).length === 2, {
        message: `expected the template to contain ${SECRET_PLACEHOLDER} once, e.g. 'Bearer ${SECRET_PLACEHOLDER}'`,
      })
      .default(SECRET_PLACEHOLDER),
  }),
  z.strictObject({ in: z.literal("query"), name: z.string().regex(FIELD_NAME, "expected a query parameter name") }),
]) satisfies z.ZodType<VaultInjection>;

/** The secret as it is placed into its header: the template with `{{secret}}` filled in. */
export function renderInjectionTemplate(template: string, secret: string): string {
  return template.replace(SECRET_PLACEHOLDER, () => secret);
}

/** `*` = every agent of the credential's team. */
export const vaultAllowedAgentsSchema = z.array(z.string().min(1).max(200)).max(500);

/**
 * Secrets shorter than this would make the response scan (raw, base64 and URL-encoded forms) match
 * ordinary text; no real API credential is this short.
 */
export const MIN_SECRET_CHARS = 8;

export const vaultSecretSchema = z
  .string()
  .min(MIN_SECRET_CHARS, `expected a secret of at least ${MIN_SECRET_CHARS} characters`)
  .max(8192)
  .refine((secret) => !/[\r\n\0]/.test(secret), { message: "a secret cannot contain line breaks or NUL" });
