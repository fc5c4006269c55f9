import { describe, expect, it } from "vitest";
import type { VaultDestination } from "../../../workers/core/db/schema.ts";
import { matchDestination } from "../../../workers/core/vault/match-destination.ts";

const check = (destinations: VaultDestination[], url: string, method = "GET") =>
  matchDestination(destinations, new URL(url), method);

describe("matchDestination", () => {
  it("matches an exact host over https only, on its default port unless one is bound", () => {
    const github = [{ host: "api.github.com" }];
    expect(check(github, "https://api.github.com/user")).toEqual({ ok: true });
    expect(check(github, "https://API.GitHub.com./user")).toEqual({ ok: true });
    expect(check(github, "http://api.github.com/user")).toEqual({ ok: false, mismatch: "scheme" });
    expect(check(github, "https://api.github.com:8443/user")).toEqual({ ok: false, mismatch: "host" });
    expect(check(github, "https://api.github.com.evil.example/user")).toEqual({ ok: false, mismatch: "host" });
    expect(check([{ host: "api.example.com:8443" }], "https://api.example.com:8443/")).toEqual({ ok: true });
  });

  it("matches `*.suffix` on subdomains only, never the apex or a look-alike", () => {
    const wildcard = [{ host: "*.example.com" }];
    expect(check(wildcard, "https://a.example.com/")).toEqual({ ok: true });
    expect(check(wildcard, "https://a.b.example.com/")).toEqual({ ok: true });
    expect(check(wildcard, "https://example.com/")).toEqual({ ok: false, mismatch: "host" });
    expect(check(wildcard, "https://evilexample.com/")).toEqual({ ok: false, mismatch: "host" });
  });

  it("refuses userinfo, which makes look-alike URLs", () => {
    expect(check([{ host: "api.github.com" }], "https://user@api.github.com/")).toEqual({
      ok: false,
      mismatch: "userinfo",
    });
  });

  it("applies path prefixes by segment and methods per binding, reporting the closest mismatch", () => {
    const bindings = [
      { host: "api.github.com", path_prefix: "/repos/acme", methods: ["GET"] },
      { host: "api.github.com", path_prefix: "/gists/", methods: ["POST"] },
    ];
    expect(check(bindings, "https://api.github.com/repos/acme")).toEqual({ ok: true });
    expect(check(bindings, "https://api.github.com/repos/acme/x")).toEqual({ ok: true });
    expect(check(bindings, "https://api.github.com/gists/", "POST")).toEqual({ ok: true });
    expect(check(bindings, "https://api.github.com/repos/acmeX")).toEqual({ ok: false, mismatch: "path" });
    expect(check(bindings, "https://api.github.com/repos/acme/x", "POST")).toEqual({ ok: false, mismatch: "method" });
    expect(check(bindings, "https://api.github.com/repos/acme/%2e%2e/secrets")).toEqual({
      ok: false,
      mismatch: "path",
    });
    expect(check(bindings, "https://api.github.com/repos/acme/a%2Fb")).toEqual({ ok: false, mismatch: "path" });
  });
});
