import { awsUriEncode } from "./aws-uri-encode.ts";

/**
 * Headers never signed: hop-by-hop or rewritten by proxies and runtimes, so a
 * signature over them would break in transit (the AWS SDKs keep a similar list).
 */
const UNSIGNABLE_HEADERS = new Set([
  "authorization",
  "connection",
  "content-length",
  "expect",
  "keep-alive",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "user-agent",
  "x-amzn-trace-id",
]);

export interface CanonicalRequestInput {
  method: string;
  url: URL;
  /** The headers to sign besides `host` (taken from the URL); names are compared case-insensitively. */
  headers: Headers;
  /** Hex SHA-256 of the body. */
  payloadHash: string;
}

export interface CanonicalRequest {
  canonicalRequest: string;
  /** `host;x-amz-date;…`, as it appears in the Authorization header. */
  signedHeaders: string;
}

/**
 * Task 1 of SigV4 (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html#create-canonical-request):
 * method, canonical URI, canonical query, canonical headers, signed headers, payload hash.
 *
 * The canonical URI encodes each segment of the path *as sent* once more. For
 * every service but S3 that is what "URI-encode each path segment twice"
 * means: a Bedrock model id `…-v1:0` travels as `…-v1%3A0` and is signed as
 * `…-v1%253A0`. (AWS's published test suite writes paths unencoded, e.g.
 * `/example space/`; a URL object has already encoded those once, so its
 * get-space and get-utf8 cases do not apply to URL input.)
 */
export function buildAwsCanonicalRequest(input: CanonicalRequestInput): CanonicalRequest {
  const canonicalHeaders = new Map<string, string>();
  canonicalHeaders.set("host", input.url.host);
  for (const [name, value] of input.headers) {
    const lower = name.toLowerCase();
    if (UNSIGNABLE_HEADERS.has(lower) || lower === "host") continue;
    // Trim, and collapse runs of spaces inside the value to one.
    canonicalHeaders.set(lower, value.trim().replace(/\s+/g, " "));
  }
  const names = [...canonicalHeaders.keys()].sort();
  const signedHeaders = names.join(";");
  const headerLines = names.map((name) => `${name}:${canonicalHeaders.get(name) ?? ""}\n`).join("");
  const canonicalRequest = [
    input.method.toUpperCase(),
    canonicalUri(input.url.pathname),
    canonicalQuery(input.url.search),
    headerLines,
    signedHeaders,
    input.payloadHash,
  ].join("\n");
  return { canonicalRequest, signedHeaders };
}

function canonicalUri(pathname: string): string {
  if (pathname === "") return "/";
  return pathname
    .split("/")
    .map((segment) => awsUriEncode(segment))
    .join("/");
}

/** Parameters sorted by encoded name, then value; each name and value UriEncoded once. */
function canonicalQuery(search: string): string {
  const query = search.startsWith("?") ? search.slice(1) : search;
  if (query === "") return "";
  const pairs: Array<[string, string]> = [];
  for (const piece of query.split("&")) {
    if (piece === "") continue;
    const equals = piece.indexOf("=");
    const name = equals === -1 ? piece : piece.slice(0, equals);
    const value = equals === -1 ? "" : piece.slice(equals + 1);
    pairs.push([awsUriEncode(safeDecode(name)), awsUriEncode(safeDecode(value))]);
  }
  pairs.sort(([nameA, valueA], [nameB, valueB]) => compare(nameA, nameB) || compare(valueA, valueB));
  return pairs.map(([name, value]) => `${name}=${value}`).join("&");
}

/** Code-unit order, which for the ASCII of encoded strings is byte order. */
function compare(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
