/** A fresh RSA key pair and a service-account JSON around it, as `gcloud` writes one. */
export interface TestServiceAccount {
  json: string;
  clientEmail: string;
  publicKey: CryptoKey;
}

function toPem(der: ArrayBuffer): string {
  let binary = "";
  for (const byte of new Uint8Array(der)) binary += String.fromCharCode(byte);
  const lines = btoa(binary).match(/.{1,64}/g) ?? [];
  return `-----BEGIN PRIVATE KEY-----\n${lines.join("\n")}\n-----END PRIVATE KEY-----\n`;
}

export async function createTestServiceAccount(
  clientEmail = "switchyard-gateway@switchyard-demo-471305.iam.gserviceaccount.com",
  tokenUri = "https://oauth2.googleapis.com/token",
): Promise<TestServiceAccount> {
  const pair = (await crypto.subtle.generateKey(
    { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
    true,
    ["sign", "verify"],
  )) as CryptoKeyPair;
  const pkcs8 = (await crypto.subtle.exportKey("pkcs8", pair.privateKey)) as ArrayBuffer;
  const json = JSON.stringify({
    type: "service_account",
    project_id: "switchyard-demo-471305",
    private_key_id: "3f9c1e7a2b4d6f8091a2b3c4d5e6f7a8b9c0d1e2",
    private_key: toPem(pkcs8),
    client_email: clientEmail,
    client_id: "104729384756102938475",
    auth_uri: "https://accounts.google.com/o/oauth2/auth",
    token_uri: tokenUri,
    auth_provider_x509_cert_url: "https://www.googleapis.com/oauth2/v1/certs",
    universe_domain: "googleapis.com",
  });
  return { json, clientEmail, publicKey: pair.publicKey };
}

function base64UrlDecode(text: string): Uint8Array {
  const base64 = text
    .replace(/-/g, "+")
    .replace(/_/g, "/")
    .padEnd(Math.ceil(text.length / 4) * 4, "=");
  const binary = atob(base64);
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

/** Splits a JWT, checks its RS256 signature with `publicKey`, and returns header and claims. */
export async function verifyJwt(jwt: string, publicKey: CryptoKey) {
  const [header, claims, signature] = jwt.split(".");
  if (header === undefined || claims === undefined || signature === undefined) throw new Error("not a JWT");
  const valid = await crypto.subtle.verify(
    "RSASSA-PKCS1-v1_5",
    publicKey,
    base64UrlDecode(signature),
    new TextEncoder().encode(`${header}.${claims}`),
  );
  const decode = (part: string): unknown => JSON.parse(new TextDecoder().decode(base64UrlDecode(part)));
  return { valid, header: decode(header), claims: decode(claims) };
}
