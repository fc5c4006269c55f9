/**
 * OAuth access tokens for Google service accounts, cached per client_email
 * until 60 s before they expire. One instance lives per isolate.
 *
 * Only finished tokens (plain strings) are shared between requests, never an
 * in-flight exchange: in Workers a promise driven by one request's I/O must
 * not be awaited by another (it dies with the request that started it). Two
 * cold requests may therefore both exchange a JWT; both tokens are valid.
 */
import { z } from "zod";
import { GatewayError } from "../../errors/gateway-error.ts";
import type { GoogleServiceAccount } from "./google-service-account.ts";
import { signGoogleJwt } from "./sign-google-jwt.ts";

/** Refresh this long before expiry, so a token never lapses mid-request. */
export const GOOGLE_TOKEN_REFRESH_MARGIN_MS = 60_000;

const JWT_BEARER_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer";

const tokenResponseSchema = z.looseObject({
  access_token: z.string().min(1),
  expires_in: z.number().positive(),
  token_type: z.string().nullish(),
});

export interface GoogleTokenContext {
  fetch: typeof fetch;
  now: () => Date;
  signal?: AbortSignal | undefined;
}

interface CachedToken {
  accessToken: string;
  expiresAtMs: number;
}

export class GoogleAccessTokenCache {
  private readonly tokens = new Map<string, CachedToken>();

  async getAccessToken(account: GoogleServiceAccount, context: GoogleTokenContext): Promise<string> {
    const cached = this.tokens.get(account.clientEmail);
    if (cached !== undefined && context.now().getTime() < cached.expiresAtMs - GOOGLE_TOKEN_REFRESH_MARGIN_MS) {
      return cached.accessToken;
    }
    const fresh = await exchangeJwt(account, context);
    this.tokens.set(account.clientEmail, fresh);
    return fresh.accessToken;
  }
}

/** POST the signed JWT to the token URI (https://developers.google.com/identity/protocols/oauth2/service-account#httprest). */
async function exchangeJwt(account: GoogleServiceAccount, context: GoogleTokenContext): Promise<CachedToken> {
  const now = context.now();
  let assertion: string;
  try {
    assertion = await signGoogleJwt(account, now);
  } catch (error) {
    throw new GatewayError(
      "config_unavailable",
      "vertex_credentials: private_key is not a PEM-encoded PKCS#8 RSA key.",
      { provider: "vertex_ai", cause: error },
    );
  }
  const response = await context.fetch(
    new Request(account.tokenUri, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: new URLSearchParams({ grant_type: JWT_BEARER_GRANT, assertion }).toString(),
      signal: context.signal ?? null,
    }),
  );
  if (!response.ok) {
    // The body may quote the assertion; only the status is passed on.
    await response.body?.cancel();
    throw new GatewayError(
      "upstream_error",
      `Google's token endpoint refused the Vertex AI service account (status ${response.status}).`,
      { provider: "vertex_ai", isRetryable: response.status === 429 || response.status >= 500 },
    );
  }
  const parsed = tokenResponseSchema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) {
    throw new GatewayError("upstream_error", "Google's token endpoint sent a response the gateway could not read.", {
      provider: "vertex_ai",
      isRetryable: true,
    });
  }
  return { accessToken: parsed.data.access_token, expiresAtMs: now.getTime() + parsed.data.expires_in * 1000 };
}
