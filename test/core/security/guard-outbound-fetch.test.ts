import { describe, expect, it } from "vitest";
import { GatewayError } from "../../../workers/core/errors/gateway-error.ts";
import { guardOutboundFetch, type OutboundDenial } from "../../../workers/core/security/guard-outbound-fetch.ts";
import { DENY_PRIVATE_POLICY, outboundUrlPolicyFrom } from "../../../workers/core/security/outbound-url-policy.ts";

/** A guarded fetch over a recording sender that answers with `answer`. */
function guarded(answer: () => Response, policy = DENY_PRIVATE_POLICY) {
  const sent: Request[] = [];
  const denials: OutboundDenial[] = [];
  const fetch = guardOutboundFetch(
    policy,
    async (request) => {
      sent.push(request);
      return answer();
    },
    { onDenied: (denial) => denials.push(denial) },
  );
  return { fetch, sent, denials };
}

async function thrownBy(promise: Promise<unknown>): Promise<GatewayError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(GatewayError);
  return error as GatewayError;
}

describe("guardOutboundFetch", () => {
  it("sends allowed requests with redirect: manual, keeping method, headers and body", async () => {
    const { fetch, sent } = guarded(() => new Response("ok"));
    const response = await fetch("https://api.example.com/v1/chat/completions", {
      method: "POST",
      headers: { authorization: "Bearer sk-upstream" },
      body: '{"model":"m"}',
    });
    expect(await response.text()).toBe("ok");
    expect(sent).toHaveLength(1);
    expect(sent[0]?.redirect).toBe("manual");
    expect(sent[0]?.method).toBe("POST");
    expect(sent[0]?.headers.get("authorization")).toBe("Bearer sk-upstream");
    expect(await sent[0]?.text()).toBe('{"model":"m"}');
  });

  it("overrides a caller's redirect: follow", async () => {
    const { fetch, sent } = guarded(() => new Response("ok"));
    await fetch(new Request("https://api.example.com/", { redirect: "follow" }));
    expect(sent[0]?.redirect).toBe("manual");
  });

  it("refuses a denied URL without sending anything, and tells the operator the rule and host only", async () => {
    const { fetch, sent, denials } = guarded(() => new Response("never"));
    const error = await thrownBy(fetch("http://169.254.169.254/latest/meta-data/iam?token=abc"));
    expect(sent).toHaveLength(0);
    expect(error.code).toBe("upstream_unreachable");
    expect(error.status).toBe(502);
    expect(error.message).not.toContain("169.254");
    expect(denials).toEqual([
      { rule: "link-local", reason: "169.254.169.254 is in 169.254.0.0/16 (link-local)", host: "169.254.169.254" },
    ]);
  });

  it("does not follow a 302 to the metadata endpoint: a retryable upstream error, one request sent", async () => {
    let cancelled = false;
    const body = new ReadableStream({
      cancel() {
        cancelled = true;
      },
    });
    const { fetch, sent } = guarded(
      () => new Response(body, { status: 302, headers: { location: "http://169.254.169.254/latest/meta-data/" } }),
    );
    const error = await thrownBy(fetch("https://api.example.com/v1/chat/completions", { method: "POST", body: "{}" }));
    expect(sent.map((request) => request.url)).toEqual(["https://api.example.com/v1/chat/completions"]);
    expect(error).toMatchObject({ code: "upstream_error", status: 502, isRetryable: true, upstreamStatus: 302 });
    expect(cancelled).toBe(true);
  });

  it.each([301, 303, 307, 308])("does not follow a %i either, even to an allowed host", async (status) => {
    const { fetch, sent } = guarded(
      () => new Response(null, { status, headers: { location: "https://other.example/" } }),
    );
    const error = await thrownBy(fetch("https://api.example.com/"));
    expect(error.upstreamStatus).toBe(status);
    expect(sent).toHaveLength(1);
  });

  it("passes other statuses through for the pipeline to map", async () => {
    const { fetch } = guarded(() => new Response("slow down", { status: 429 }));
    expect((await fetch("https://api.example.com/")).status).toBe(429);
  });

  it("sends to hosts the allow list names", async () => {
    const { fetch, sent } = guarded(
      () => new Response("local"),
      outboundUrlPolicyFrom({ OUTBOUND_ALLOWED_HOSTS: "127.0.0.1" }),
    );
    expect(await (await fetch("http://127.0.0.1:11434/v1/models")).text()).toBe("local");
    expect(sent).toHaveLength(1);
  });
});
