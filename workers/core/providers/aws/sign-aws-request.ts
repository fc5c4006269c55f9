import { buildAwsCanonicalRequest } from "./build-aws-canonical-request.ts";

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  /** Temporary credentials (STS, instance roles) come with a session token, sent as `x-amz-security-token`. */
  sessionToken?: string;
}

export interface AwsSigningOptions {
  credentials: AwsCredentials;
  region: string;
  /** The signing name: "bedrock" for bedrock-runtime. */
  service: string;
  /** Injected so tests can sign at AWS's published instant. */
  now: () => Date;
}

const ALGORITHM = "AWS4-HMAC-SHA256";
const textEncoder = new TextEncoder();

/**
 * Signs a request with AWS Signature Version 4 in the Authorization header
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html),
 * using Web Crypto only. Returns a new Request carrying `x-amz-date`,
 * `x-amz-security-token` (when the credentials have one) and `authorization`;
 * every other header of the input is signed too, except hop-by-hop ones.
 *
 * `x-amz-content-sha256` is not added: only S3 requires it. The payload hash
 * is still part of the canonical request, so Bedrock verifies the body.
 * The body is read into memory to hash it; Converse bodies are JSON.
 */
export async function signAwsRequest(request: Request, options: AwsSigningOptions): Promise<Request> {
  const method = request.method.toUpperCase();
  const hasBody = method !== "GET" && method !== "HEAD";
  const body = hasBody ? new Uint8Array(await request.arrayBuffer()) : new Uint8Array(0);
  const url = new URL(request.url);
  const amzDate = toAmzDate(options.now());
  const date = amzDate.slice(0, 8);

  const headers = new Headers(request.headers);
  headers.delete("authorization");
  headers.set("x-amz-date", amzDate);
  if (options.credentials.sessionToken !== undefined && options.credentials.sessionToken !== "") {
    headers.set("x-amz-security-token", options.credentials.sessionToken);
  } else {
    headers.delete("x-amz-security-token");
  }

  const { canonicalRequest, signedHeaders } = buildAwsCanonicalRequest({
    method,
    url,
    headers,
    payloadHash: toHex(await sha256(body)),
  });
  const scope = `${date}/${options.region}/${options.service}/aws4_request`;
  const stringToSign = [ALGORITHM, amzDate, scope, toHex(await sha256(textEncoder.encode(canonicalRequest)))].join(
    "\n",
  );
  const signingKey = await deriveSigningKey(options.credentials.secretAccessKey, date, options.region, options.service);
  const signature = toHex(await hmacSha256(signingKey, textEncoder.encode(stringToSign)));
  headers.set(
    "authorization",
    `${ALGORITHM} Credential=${options.credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
  );
  return new Request(url, { method, headers, body: hasBody ? body : null, signal: request.signal });
}

/** kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request"). */
async function deriveSigningKey(secret: string, date: string, region: string, service: string): Promise<ArrayBuffer> {
  let key = await hmacSha256(textEncoder.encode(`AWS4${secret}`), textEncoder.encode(date));
  for (const part of [region, service, "aws4_request"]) key = await hmacSha256(key, textEncoder.encode(part));
  return key;
}

async function hmacSha256(key: ArrayBuffer | Uint8Array, data: Uint8Array): Promise<ArrayBuffer> {
  const cryptoKey = await crypto.subtle.importKey("raw", key, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return crypto.subtle.sign("HMAC", cryptoKey, data);
}

async function sha256(data: Uint8Array): Promise<ArrayBuffer> {
  return crypto.subtle.digest("SHA-256", data);
}

function toHex(buffer: ArrayBuffer): string {
  return Array.from(new Uint8Array(buffer), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** ISO 8601 basic format in UTC: 20150830T123600Z. */
function toAmzDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}
