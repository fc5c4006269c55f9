import { describe, expect, it } from "vitest";
import { GoogleAccessTokenCache } from "../../../../workers/core/providers/transports/google-access-token-cache.ts";
import {
  type GoogleServiceAccount,
  parseGoogleServiceAccount,
} from "../../../../workers/core/providers/transports/google-service-account.ts";
import { createTestServiceAccount, verifyJwt } from "./google-test-keys.ts";
import { captureError } from "./transport-test-helpers.ts";

const TOKEN_URI = "https://oauth2.googleapis.com/token";
const START = Date.parse("2026-11-22T10:00:00Z");

function parsed(json: string): GoogleServiceAccount {
  const account = parseGoogleServiceAccount(json);
  if (account === undefined) throw new Error("fixture did not parse");
  return account;
}

/** A token endpoint that hands out ya29.token-1, ya29.token-2, … valid for 3599 s, recording each form. */
function tokenEndpoint() {
  const forms: URLSearchParams[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    expect(request.url).toBe(TOKEN_URI);
    expect(request.method).toBe("POST");
    expect(request.headers.get("content-type")).toBe("application/x-www-form-urlencoded");
    forms.push(new URLSearchParams(new TextDecoder().decode(await request.arrayBuffer())));
    return Response.json({ access_token: `ya29.token-${forms.length}`, expires_in: 3599, token_type: "Bearer" });
  };
  return { fetch, forms };
}

describe("GoogleAccessTokenCache", () => {
  it("exchanges an RS256 JWT signed with the service account's key, with the documented claims", async () => {
    const account = await createTestServiceAccount();
    const endpoint = tokenEndpoint();
    const cache = new GoogleAccessTokenCache();

    const token = await cache.getAccessToken(parsed(account.json), {
      fetch: endpoint.fetch,
      now: () => new Date(START),
    });

    expect(token).toBe("ya29.token-1");
    expect(endpoint.forms).toHaveLength(1);
    const form = endpoint.forms[0];
    expect(form?.get("grant_type")).toBe("urn:ietf:params:oauth:grant-type:jwt-bearer");
    const jwt = await verifyJwt(form?.get("assertion") ?? "", account.publicKey);
    expect(jwt.valid).toBe(true);
    expect(jwt.header).toEqual({ alg: "RS256", typ: "JWT", kid: "3f9c1e7a2b4d6f8091a2b3c4d5e6f7a8b9c0d1e2" });
    expect(jwt.claims).toEqual({
      iss: account.clientEmail,
      scope: "https://www.googleapis.com/auth/cloud-platform",
      aud: TOKEN_URI,
      iat: START / 1000,
      exp: START / 1000 + 3600,
    });
  });

  it("reuses the token until 60 s before it expires, then fetches a new one", async () => {
    const account = parsed((await createTestServiceAccount()).json);
    const endpoint = tokenEndpoint();
    const cache = new GoogleAccessTokenCache();
    let now = START;
    const context = { fetch: endpoint.fetch, now: () => new Date(now) };

    expect(await cache.getAccessToken(account, context)).toBe("ya29.token-1");
    now = START + (3599 - 60) * 1000 - 1;
    expect(await cache.getAccessToken(account, context)).toBe("ya29.token-1");
    expect(endpoint.forms).toHaveLength(1);
    now = START + (3599 - 60) * 1000;
    expect(await cache.getAccessToken(account, context)).toBe("ya29.token-2");
    expect(endpoint.forms).toHaveLength(2);
  });

  it("keeps one token per client_email", async () => {
    const first = parsed((await createTestServiceAccount("a@demo.iam.gserviceaccount.com")).json);
    const second = parsed((await createTestServiceAccount("b@demo.iam.gserviceaccount.com")).json);
    const endpoint = tokenEndpoint();
    const cache = new GoogleAccessTokenCache();
    const context = { fetch: endpoint.fetch, now: () => new Date(START) };
    expect(await cache.getAccessToken(first, context)).toBe("ya29.token-1");
    expect(await cache.getAccessToken(second, context)).toBe("ya29.token-2");
    expect(await cache.getAccessToken(first, context)).toBe("ya29.token-1");
  });

  it("reports a refused exchange by status only, and caches nothing", async () => {
    const account = parsed((await createTestServiceAccount()).json);
    const cache = new GoogleAccessTokenCache();
    let calls = 0;
    const fetch: typeof globalThis.fetch = async () => {
      calls++;
      return Response.json({ error: "invalid_grant", error_description: "Invalid JWT Signature." }, { status: 400 });
    };
    const error = await captureError(cache.getAccessToken(account, { fetch, now: () => new Date(START) }));
    expect(error).toMatchObject({ code: "upstream_error", provider: "vertex_ai", isRetryable: false });
    expect((error as Error).message).toBe(
      "Google's token endpoint refused the Vertex AI service account (status 400).",
    );
    await captureError(cache.getAccessToken(account, { fetch, now: () => new Date(START) }));
    expect(calls).toBe(2);
  });

  it("turns an unusable private key into a config error without echoing it", async () => {
    const account = {
      ...parsed((await createTestServiceAccount()).json),
      privateKey: "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n",
    };
    const error = await captureError(
      new GoogleAccessTokenCache().getAccessToken(account, {
        fetch: tokenEndpoint().fetch,
        now: () => new Date(START),
      }),
    );
    expect(error).toMatchObject({ code: "config_unavailable" });
    expect((error as Error).message).not.toContain("bm90IGEga2V5");
  });

  it("accepts keys whose newlines stayed escaped in an environment variable", async () => {
    const account = parsed((await createTestServiceAccount()).json);
    const escaped = { ...account, privateKey: account.privateKey.replace(/\n/g, "\\n") };
    const token = await new GoogleAccessTokenCache().getAccessToken(escaped, {
      fetch: tokenEndpoint().fetch,
      now: () => new Date(START),
    });
    expect(token).toBe("ya29.token-1");
  });
});
