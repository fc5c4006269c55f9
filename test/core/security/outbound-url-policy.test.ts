import { describe, expect, it } from "vitest";
import {
  checkOutboundUrl,
  DENY_PRIVATE_POLICY,
  type OutboundDenyRule,
  outboundUrlPolicyFrom,
} from "../../../workers/core/security/outbound-url-policy.ts";

const verdictOf = (url: string) => checkOutboundUrl(url, DENY_PRIVATE_POLICY);

function expectDenied(url: string, rule: OutboundDenyRule) {
  const verdict = verdictOf(url);
  expect(verdict, url).toMatchObject({ ok: false, rule });
}

describe("outbound URL policy: denied ranges", () => {
  it.each([
    ["IPv4 loopback 127.0.0.0/8", "http://127.0.0.1:8080/v1", "loopback"],
    ["IPv4 loopback, other host in 127/8", "https://127.255.3.4/", "loopback"],
    ["IPv6 loopback ::1", "http://[::1]:11434/v1", "loopback"],
    ["localhost", "http://localhost:11434/v1", "loopback"],
    ["a .localhost name", "https://api.localhost/", "loopback"],
    ["localhost with a trailing dot", "http://localhost./", "loopback"],
    ["private 10.0.0.0/8", "https://10.1.2.3/v1", "private"],
    ["private 172.16.0.0/12, low end", "https://172.16.0.1/", "private"],
    ["private 172.16.0.0/12, high end", "https://172.31.255.254/", "private"],
    ["private 192.168.0.0/16", "https://192.168.1.10/", "private"],
    ["IPv6 unique local fc00::/7 (fc)", "https://[fc00::1]/", "private"],
    ["IPv6 unique local fc00::/7 (fd)", "https://[fd12:3456:789a::1]/", "private"],
    ["link-local 169.254.0.0/16", "http://169.254.10.20/", "link-local"],
    ["the cloud metadata endpoint", "http://169.254.169.254/latest/meta-data/", "link-local"],
    ["IPv6 link-local fe80::/10", "http://[fe80::1]/", "link-local"],
    ["IPv6 link-local, upper end of fe80::/10", "http://[febf::1]/", "link-local"],
    ["CGNAT 100.64.0.0/10, low end", "https://100.64.0.1/", "cgnat"],
    ["CGNAT 100.64.0.0/10, high end", "https://100.127.255.254/", "cgnat"],
    ["0.0.0.0", "http://0.0.0.0:8001/", "unspecified"],
    ["0.0.0.0/8", "http://0.1.2.3/", "unspecified"],
    ["IPv6 unspecified ::", "http://[::]/", "unspecified"],
    ["IPv4 multicast", "http://224.0.0.1/", "multicast"],
    ["IPv6 multicast", "http://[ff02::1]/", "multicast"],
    ["broadcast 255.255.255.255", "http://255.255.255.255/", "reserved"],
    ["documentation 192.0.2.0/24", "http://192.0.2.7/", "reserved"],
  ] as const)("denies %s", (_name, url, rule) => expectDenied(url, rule));

  it("allows public neighbours of every denied range", () => {
    for (const url of [
      "https://9.255.255.255/",
      "https://11.0.0.0/",
      "https://100.63.255.255/",
      "https://100.128.0.0/",
      "https://126.255.255.255/",
      "https://128.0.0.1/",
      "https://169.253.255.255/",
      "https://169.255.0.0/",
      "https://172.15.255.255/",
      "https://172.32.0.0/",
      "https://192.167.255.255/",
      "https://192.169.0.0/",
      "https://[2606:4700::1111]/",
      "https://[fbff::1]/",
      "https://api.openai.com/v1",
      "https://mock.test/v1",
    ]) {
      expect(verdictOf(url), url).toEqual({ ok: true });
    }
  });
});

describe("outbound URL policy: other spellings of an address", () => {
  it.each([
    ["decimal 2130706433", "http://2130706433/", "loopback"],
    ["hex 0x7f000001", "http://0x7f000001/", "loopback"],
    ["octal 0177.0.0.1", "http://0177.0.0.1/", "loopback"],
    ["short form 127.1", "http://127.1/", "loopback"],
    ["mixed hex dotted 0x7f.0.0.1", "http://0x7f.0.0.1/", "loopback"],
    ["percent-encoded", "http://%31%32%37.0.0.1/", "loopback"],
    ["trailing dot", "http://127.0.0.1./", "loopback"],
    ["decimal metadata 2852039166", "http://2852039166/", "link-local"],
    ["hex metadata 0xa9fea9fe", "http://0xa9fea9fe/", "link-local"],
    ["octal private 012.0.0.1", "http://012.0.0.1/", "private"],
    ["IPv4-mapped IPv6 ::ffff:127.0.0.1", "http://[::ffff:127.0.0.1]/", "loopback"],
    ["IPv4-mapped IPv6 in hex", "http://[::ffff:7f00:1]/", "loopback"],
    ["IPv4-mapped metadata", "http://[::ffff:169.254.169.254]/", "link-local"],
    ["IPv4-mapped private, long form", "http://[0:0:0:0:0:ffff:a00:1]/", "private"],
    ["IPv4-compatible IPv6 ::127.0.0.1", "http://[::127.0.0.1]/", "loopback"],
    ["NAT64 64:ff9b::/96 to metadata", "http://[64:ff9b::a9fe:a9fe]/", "link-local"],
    ["6to4 2002::/16 of 10.0.0.1", "http://[2002:a00:1::]/", "private"],
    ["IPv6 loopback, long form", "http://[0:0:0:0:0:0:0:1]/", "loopback"],
    ["upper-case IPv6", "http://[FE80::1]/", "link-local"],
  ] as const)("denies %s", (_name, url, rule) => expectDenied(url, rule));

  it("allows an IPv4-mapped public address", () => {
    expect(verdictOf("https://[::ffff:8.8.8.8]/")).toEqual({ ok: true });
  });
});

describe("outbound URL policy: names and schemes", () => {
  it.each([
    ["metadata.google.internal", "http://metadata.google.internal/computeMetadata/v1/", "internal-name"],
    ["a single-label name", "http://metadata/", "internal-name"],
    ["mDNS .local", "http://printer.local/", "internal-name"],
    ["home.arpa", "http://router.home.arpa/", "internal-name"],
  ] as const)("denies %s", (_name, url, rule) => expectDenied(url, rule));

  it.each([
    "file:///etc/passwd",
    "ftp://example.com/",
    "gopher://example.com:70/",
    "data:text/plain,hi",
    "javascript:alert(1)",
    "ws://example.com/",
  ])("denies the non-http(s) scheme of %s", (url) => expectDenied(url, "scheme"));

  it("denies what is not an absolute URL", () => {
    expectDenied("/v1/chat/completions", "invalid-url");
    expectDenied("http://[::1/", "invalid-url");
  });

  it("names the rule and the range, and tells a developer how to allow it", () => {
    const verdict = verdictOf("http://169.254.169.254/");
    expect(verdict).toEqual({
      ok: false,
      rule: "link-local",
      reason: "169.254.169.254 is in 169.254.0.0/16 (link-local)",
    });
  });
});

describe("outbound URL policy: allowances for local development", () => {
  it("allows every address with OUTBOUND_ALLOW_PRIVATE=true, but never another scheme", () => {
    const policy = outboundUrlPolicyFrom({ OUTBOUND_ALLOW_PRIVATE: "true" });
    for (const url of ["http://127.0.0.1:8000/", "http://169.254.169.254/", "http://localhost/", "http://[::1]/"]) {
      expect(checkOutboundUrl(url, policy), url).toEqual({ ok: true });
    }
    expect(checkOutboundUrl("file:///etc/passwd", policy)).toMatchObject({ ok: false, rule: "scheme" });
  });

  it("treats anything but the string 'true' as false", () => {
    for (const value of ["false", "1", "yes", "", undefined]) {
      const policy = outboundUrlPolicyFrom({ OUTBOUND_ALLOW_PRIVATE: value });
      expect(checkOutboundUrl("http://127.0.0.1/", policy).ok, String(value)).toBe(false);
    }
  });

  it("allows exactly the listed hosts, however the address is spelled", () => {
    const policy = outboundUrlPolicyFrom({ OUTBOUND_ALLOWED_HOSTS: " 127.0.0.1 , localhost,[::1],vllm.internal" });
    for (const url of [
      "http://127.0.0.1:8000/v1",
      "http://2130706433/",
      "http://127.1/",
      "http://localhost:11434/",
      "http://[0:0:0:0:0:0:0:1]/",
      "http://vllm.internal:8000/v1",
    ]) {
      expect(checkOutboundUrl(url, policy), url).toEqual({ ok: true });
    }
    for (const url of ["http://127.0.0.2/", "http://169.254.169.254/", "http://10.0.0.1/", "http://other.internal/"]) {
      expect(checkOutboundUrl(url, policy).ok, url).toBe(false);
    }
  });
});
