/**
 * Config fields whose string values are secrets, wherever they appear: LiteLLM's `api_key`,
 * `master_key`, `aws_secret_access_key`, `aws_session_token`, `vertex_credentials`, and any `*_key`,
 * `*secret*`, `*token*`, `*password*` or `*credentials*` field (`redis_password`, `cache_params.password`).
 * Numbers such as `max_tokens` are never sealed: only strings are.
 */
const SECRET_FIELD = /(^|_)(key|access_key_id)$|secret|token|passw(or)?d|credential/i;

/** Every value under `environment_variables` is treated as a secret, whatever it is named. */
const SECRET_SECTIONS = new Set(["environment_variables"]);

export function isSecretConfigField(name: string): boolean {
  return SECRET_FIELD.test(name);
}

export interface ConfigString {
  value: string;
  /** Where it is, e.g. `model_list[2].litellm_params.api_key`. */
  path: string;
  /** Whether its field holds a secret (see SECRET_FIELD). */
  secretField: boolean;
}

/** What to put in place of a string: a new string, or undefined to drop the field. */
export type ConfigStringVisitor = (string: ConfigString) => Promise<string | undefined> | string | undefined;

async function mapValue(
  value: unknown,
  path: string,
  secretField: boolean,
  visit: ConfigStringVisitor,
): Promise<unknown> {
  if (typeof value === "string") return visit({ value, path, secretField });
  if (Array.isArray(value)) {
    const items = await Promise.all(
      value.map((item, index) => mapValue(item, `${path}[${index}]`, secretField, visit)),
    );
    return items.filter((item) => item !== undefined);
  }
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [name, inner] of Object.entries(value)) {
    const innerPath = path === "" ? name : `${path}.${name}`;
    const mapped = await mapValue(inner, innerPath, SECRET_SECTIONS.has(path) || isSecretConfigField(name), visit);
    if (mapped !== undefined) out[name] = mapped;
  }
  return out;
}

/** A copy of a config document with every string passed through `visit`, which knows each one's path. */
export function mapConfigStrings(document: unknown, visit: ConfigStringVisitor): Promise<unknown> {
  return mapValue(document, "", false, visit);
}
