/**
 * A Google service-account key file (the JSON `gcloud iam service-accounts
 * keys create` writes), as LiteLLM's `vertex_credentials` carries it. Workers
 * have no filesystem or metadata server, so the file's contents are required
 * (usually `os.environ/VERTEX_CREDENTIALS`), not a path.
 */
import { z } from "zod";

export const GOOGLE_DEFAULT_TOKEN_URI = "https://oauth2.googleapis.com/token";

const serviceAccountSchema = z.looseObject({
  client_email: z.string().min(1),
  private_key: z.string().min(1),
  private_key_id: z.string().nullish(),
  token_uri: z.string().nullish(),
  project_id: z.string().nullish(),
});

export interface GoogleServiceAccount {
  clientEmail: string;
  /** PEM-encoded PKCS#8 RSA key. */
  privateKey: string;
  privateKeyId: string | undefined;
  tokenUri: string;
  projectId: string | undefined;
}

/** Undefined when the text is not a service-account JSON; never echoes it (it holds a private key). */
export function parseGoogleServiceAccount(text: string): GoogleServiceAccount | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = serviceAccountSchema.safeParse(json);
  if (!parsed.success) return undefined;
  const account = parsed.data;
  return {
    clientEmail: account.client_email,
    privateKey: account.private_key,
    privateKeyId: account.private_key_id ?? undefined,
    tokenUri: account.token_uri ?? GOOGLE_DEFAULT_TOKEN_URI,
    projectId: account.project_id ?? undefined,
  };
}
