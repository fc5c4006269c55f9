/**
 * The signed JWT a service account trades for an access token
 * (https://developers.google.com/identity/protocols/oauth2/service-account#authorizingrequests):
 * RS256 over `header.claims`, claims `iss` = the account's email, `scope`,
 * `aud` = its token URI, `iat` and `exp` at most one hour later. Web Crypto
 * only: Workers have no Node crypto by default.
 */
import { base64Decode, base64UrlEncode } from "./base64-url.ts";
import type { GoogleServiceAccount } from "./google-service-account.ts";

export const GOOGLE_CLOUD_PLATFORM_SCOPE = "https://www.googleapis.com/auth/cloud-platform";
export const GOOGLE_JWT_LIFETIME_SECONDS = 3600;

const encoder = new TextEncoder();

function encodeJson(value: object): string {
  return base64UrlEncode(encoder.encode(JSON.stringify(value)));
}

/**
 * PEM → DER bytes. Keys pasted into environment variables sometimes keep
 * their JSON escapes (a literal backslash-n), so those are dropped too.
 */
function pemBody(pem: string): Uint8Array {
  const body = pem
    .replace(/-----(BEGIN|END) [A-Z ]+-----/g, "")
    .replace(/\\n/g, "")
    .replace(/\s+/g, "");
  return base64Decode(body);
}

// Typed through `crypto.subtle` so the file also checks under Node's types (scripts import the provider table).
export async function importGooglePrivateKey(pem: string): ReturnType<typeof crypto.subtle.importKey> {
  return crypto.subtle.importKey("pkcs8", pemBody(pem), { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, false, [
    "sign",
  ]);
}

export async function signGoogleJwt(account: GoogleServiceAccount, now: Date): Promise<string> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  const header =
    account.privateKeyId === undefined
      ? { alg: "RS256", typ: "JWT" }
      : { alg: "RS256", typ: "JWT", kid: account.privateKeyId };
  const claims = {
    iss: account.clientEmail,
    scope: GOOGLE_CLOUD_PLATFORM_SCOPE,
    aud: account.tokenUri,
    iat: issuedAt,
    exp: issuedAt + GOOGLE_JWT_LIFETIME_SECONDS,
  };
  const signingInput = `${encodeJson(header)}.${encodeJson(claims)}`;
  const key = await importGooglePrivateKey(account.privateKey);
  const signature = await crypto.subtle.sign("RSASSA-PKCS1-v1_5", key, encoder.encode(signingInput));
  return `${signingInput}.${base64UrlEncode(new Uint8Array(signature))}`;
}
