import { isJwtHeader } from "./is-jwt-header.ts";
import { looksLikePlaceholder, looksLikeReference } from "./looks-like-placeholder.ts";
import type { SecretKind } from "./secret-kind.ts";
import { shannonEntropy } from "./shannon-entropy.ts";

/**
 * One way to recognise a secret. `pattern` is global with indices (`gd`);
 * when it has a named group `secret`, only that group is redacted (the
 * variable name, the `postgres://user:` prefix stay readable), else the whole
 * match. `accept` vetoes matches that only look like secrets.
 */
export interface SecretDetector {
  kind: SecretKind;
  pattern: RegExp;
  accept?: (secret: string) => boolean;
}

/** Not glued to a longer token on the left / right (keys are delimited by quotes, spaces, `=`, `:`…). */
const BEFORE = `(?<![A-Za-z0-9_-])`;
const AFTER = `(?![A-Za-z0-9_-])`;
/** `name = value`, `name: value`, `"name": "value"`, `name := value`, `name => value`, with optional (escaped) quotes. */
const ASSIGN = String.raw`\\?["'\x60]?\s*(?::=|=>|=|:)\s*\\?["'\x60]?`;
/**
 * The value of an assignment, matched atomically (a lookahead cannot be
 * backtracked into) so that `token = makeToken(…)` is not shortened to a
 * prefix that escapes the function-call check.
 */
const VALUE = String.raw`(?=(?<secret>[^\s"'\x60\\,;&()\[\]{}<>]+))\k<secret>(?!\()`;

const PRIVATE_KEY_LABEL = `-----BEGIN (?<label>[A-Z0-9 ]*?)PRIVATE KEY(?: BLOCK)?-----`;
/** PEM body inside text or inside a JSON string (`\n` escaped); headers like `Proc-Type: 4,ENCRYPTED` included. */
const PEM_BODY = String.raw`(?:\\[nr]|[A-Za-z0-9+/=\s:,.-])*?`;

function detector(
  kind: SecretKind,
  source: string,
  accept?: (secret: string) => boolean,
  flags = "gd",
): SecretDetector {
  return { kind, pattern: new RegExp(source, flags), ...(accept === undefined ? {} : { accept }) };
}

/** Generated key material: not a placeholder, and not too repetitive to be random. */
function randomLooking(minimumEntropy: number): (secret: string) => boolean {
  return (secret) => !looksLikePlaceholder(secret) && shannonEntropy(secret) >= minimumEntropy;
}

/**
 * A value assigned to a secret-sounding name. Prose and docs are full of
 * `password: hunter2`, `token = getToken()`, `api_key: os.environ/OPENAI_API_KEY`;
 * a real credential is long, mixes letters and digits, and is not a
 * reference, a placeholder or a dictionary-flat string.
 */
function credentialLooking(secret: string): boolean {
  return (
    secret.length >= 10 &&
    /\p{L}/u.test(secret) &&
    /\d/.test(secret) &&
    !looksLikePlaceholder(secret) &&
    !looksLikeReference(secret) &&
    shannonEntropy(secret) >= 3
  );
}

/**
 * In priority order: where two matches overlap, the earlier detector wins, so
 * a provider's own key format beats the generic `api_key = …` rule.
 * Formats: the providers' documented prefixes (OpenAI `sk-proj-`, Anthropic
 * `sk-ant-api03-`, Google `AIza`, GitHub `ghp_`/`github_pat_`, …), as also
 * catalogued by gitleaks and GitHub secret scanning.
 */
export const SECRET_DETECTORS: readonly SecretDetector[] = [
  // GCP service-account JSON: the PEM inside "private_key", and its id.
  detector(
    "gcp_private_key",
    String.raw`"private_key"\s*:\s*"(?<secret>${PRIVATE_KEY_LABEL}${PEM_BODY}-----END \k<label>PRIVATE KEY(?: BLOCK)?-----(?:\\n)?)"`,
  ),
  detector("gcp_private_key_id", String.raw`"private_key_id"\s*:\s*"(?<secret>[0-9a-f]{40})"`, randomLooking(3)),
  // PEM private keys (RSA, EC, OPENSSH, ENCRYPTED, PGP), whole block; a block cut off before its END line still goes.
  detector("private_key", String.raw`${PRIVATE_KEY_LABEL}${PEM_BODY}-----END \k<label>PRIVATE KEY(?: BLOCK)?-----`),
  detector(
    "private_key",
    String.raw`${PRIVATE_KEY_LABEL}(?:\\[nr]|\s)+[A-Za-z0-9+/=]{40,}(?:(?:\\[nr]|\s)+[A-Za-z0-9+/=]{16,})*`,
  ),
  detector("anthropic_api_key", String.raw`${BEFORE}sk-ant-[a-z]+\d*-[A-Za-z0-9_-]{32,}${AFTER}`, randomLooking(3.5)),
  detector("openai_api_key", `${BEFORE}sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{32,}${AFTER}`, randomLooking(3.5)),
  // Legacy user keys carry base64("openai") in the middle, or are `sk-` + 48 alphanumerics.
  detector("openai_api_key", `${BEFORE}sk-[A-Za-z0-9_-]{8,}T3BlbkFJ[A-Za-z0-9_-]{8,}${AFTER}`),
  detector("openai_api_key", `${BEFORE}sk-[A-Za-z0-9]{48}${AFTER}`, randomLooking(3.5)),
  detector("google_api_key", `(?<![A-Za-z0-9+/_-])AIza[0-9A-Za-z_-]{35}${AFTER}`, randomLooking(3.5)),
  detector("groq_api_key", `${BEFORE}gsk_[A-Za-z0-9]{40,}${AFTER}`, randomLooking(3.5)),
  detector("xai_api_key", `${BEFORE}xai-[A-Za-z0-9]{40,}${AFTER}`, randomLooking(3.5)),
  detector("huggingface_token", `${BEFORE}hf_[A-Za-z0-9]{30,}${AFTER}`, randomLooking(3.5)),
  detector("replicate_api_token", `${BEFORE}r8_[A-Za-z0-9]{30,}${AFTER}`, randomLooking(3.5)),
  detector("github_token", `${BEFORE}gh[pousr]_[A-Za-z0-9]{36,}${AFTER}`, randomLooking(3.5)),
  detector("github_token", `${BEFORE}github_pat_[A-Za-z0-9_]{50,}${AFTER}`, randomLooking(3.5)),
  detector("gitlab_token", `${BEFORE}glpat-[A-Za-z0-9_-]{20,}${AFTER}`, randomLooking(3.5)),
  detector("slack_token", String.raw`${BEFORE}xox[abposr]-\d{6,}-[A-Za-z0-9-]{10,}${AFTER}`, randomLooking(3)),
  detector("slack_token", String.raw`${BEFORE}xapp-\d-[A-Z0-9]{6,}-\d{6,}-[a-f0-9]{32,}${AFTER}`),
  detector(
    "slack_webhook_url",
    String.raw`https://hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9_/-]{20,}`,
    (url) => !looksLikePlaceholder(url),
  ),
  detector("stripe_secret_key", `${BEFORE}(?:sk|rk)_live_[A-Za-z0-9]{20,}${AFTER}`, randomLooking(3.5)),
  detector(
    "aws_access_key_id",
    `(?<![A-Za-z0-9+/])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Za-z0-9+/])`,
    randomLooking(3),
  ),
  detector(
    "aws_secret_access_key",
    `(?:aws_?secret_?access_?key|aws_?secret_?key|secret_?access_?key)${ASSIGN}(?<secret>[A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])`,
    randomLooking(3.5),
    "gdi",
  ),
  detector("azure_storage_account_key", `AccountKey=(?<secret>[A-Za-z0-9+/]{40,}={0,2})`, randomLooking(3.5)),
  detector("azure_shared_access_key", `SharedAccessKey=(?<secret>[A-Za-z0-9+/]{30,}={0,2})`, randomLooking(3.5)),
  // Entra ID client secrets since 2021: three characters, a digit, `Q~`, then 31–34 more.
  detector(
    "azure_client_secret",
    String.raw`(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])`,
    randomLooking(3.5),
  ),
  detector(
    "azure_client_secret",
    `azure_?client_?secret${ASSIGN}(?<secret>[A-Za-z0-9_~.-]{30,})`,
    randomLooking(3.5),
    "gdi",
  ),
  // Mistral and Cohere keys have no prefix: recognisable only by the variable they are assigned to.
  detector(
    "mistral_api_key",
    `mistral_?api_?key${ASSIGN}(?<secret>[A-Za-z0-9]{32})(?![A-Za-z0-9])`,
    randomLooking(3.5),
    "gdi",
  ),
  detector(
    "cohere_api_key",
    `(?:cohere|co)_?api_?key${ASSIGN}(?<secret>[A-Za-z0-9]{40})(?![A-Za-z0-9])`,
    randomLooking(3.5),
    "gdi",
  ),
  // Three base64url segments whose first decodes to a JSON header with `alg`.
  detector("jwt", String.raw`${BEFORE}eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}${AFTER}`, (token) =>
    isJwtHeader(token.slice(0, token.indexOf("."))),
  ),
  detector(
    "connection_string_password",
    String.raw`\b(?:postgres(?:ql)?|mysql|mariadb|mongodb|rediss?|amqps?|mssql|sqlserver|clickhouse)(?:\+[a-z0-9]+)?://[^\s:/@]*:(?<secret>[^\s@/]+)@`,
    (password) => !looksLikePlaceholder(password) && !looksLikeReference(password),
  ),
  // Other `sk-` keys: DeepSeek, OpenRouter-style proxies, Switchyard's own virtual keys.
  detector(
    "generic_api_key",
    `${BEFORE}sk-[A-Za-z0-9_-]{32,}${AFTER}`,
    (key) => credentialLooking(key) && shannonEntropy(key) >= 3.5,
  ),
  detector("bearer_token", String.raw`\bBearer\s+(?<secret>[A-Za-z0-9._~+/-]{20,}=*)`, credentialLooking),
  detector("password", `(?:password|passwd|pwd|passphrase)${ASSIGN}${VALUE}`, credentialLooking, "gdi"),
  detector(
    "generic_secret",
    `(?:secret|token|api_?key|api-key|(?:access|secret|private|signing|encryption|master)[_-]?key|credentials?)${ASSIGN}${VALUE}`,
    credentialLooking,
    "gdi",
  ),
];
