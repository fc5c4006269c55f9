import { describe, expect, it } from "vitest";
import { PolicyAuditCoalescer } from "../../../../workers/gateway/audit/policy-audit-coalescer.ts";

const T = 1_000_000;

describe("PolicyAuditCoalescer", () => {
  it("sends the first refusal of a window and holds the rest, counted, until the window has ended", () => {
    const coalescer = new PolicyAuditCoalescer<string>({ windowMs: 1000, sweepMs: 0 });
    expect(coalescer.admit("k|budget", "r1", T)).toEqual({ send: { refusal: "r1", count: 1 }, due: [] });
    expect(coalescer.admit("k|budget", "r2", T + 300)).toEqual({ send: undefined, due: [] });
    expect(coalescer.admit("k|budget", "r3", T + 999)).toEqual({ send: undefined, due: [] });
    // Another key's refusal after the window: the held count comes out, described by its latest refusal.
    expect(coalescer.admit("other|budget", "o1", T + 1000)).toEqual({
      send: { refusal: "o1", count: 1 },
      due: [{ refusal: "r3", count: 2 }],
    });
    expect(coalescer.admit("k|budget", "r4", T + 1001)).toEqual({ send: { refusal: "r4", count: 1 }, due: [] });
  });

  it("carries a held count on the key's next window when no sweep collected it, so none is lost or counted twice", () => {
    const coalescer = new PolicyAuditCoalescer<string>({ windowMs: 1000, sweepMs: 60_000 });
    coalescer.admit("k", "r1", T);
    coalescer.admit("k", "r2", T + 10);
    coalescer.admit("k", "r3", T + 20);
    expect(coalescer.admit("k", "r4", T + 1000)).toEqual({ send: { refusal: "r4", count: 3 }, due: [] });
    expect(coalescer.admit("k", "r5", T + 70_000)).toEqual({ send: { refusal: "r5", count: 1 }, due: [] });
  });

  it("keeps keys and reasons apart", () => {
    const coalescer = new PolicyAuditCoalescer<string>({ windowMs: 1000 });
    expect(coalescer.admit("a|budget", "a", T).send).toEqual({ refusal: "a", count: 1 });
    expect(coalescer.admit("b|budget", "b", T).send).toEqual({ refusal: "b", count: 1 });
    expect(coalescer.admit("a|rate", "c", T).send).toEqual({ refusal: "c", count: 1 });
  });

  it("sweeps at most once per sweep interval", () => {
    const coalescer = new PolicyAuditCoalescer<string>({ windowMs: 1000, sweepMs: 2000 });
    coalescer.admit("k", "r1", T);
    coalescer.admit("k", "r2", T + 10);
    // k's window has ended, but the last sweep (at T) was too recent to look again.
    expect(coalescer.admit("x", "x1", T + 1500).due).toEqual([]);
    expect(coalescer.admit("x", "x2", T + 2000).due).toEqual([{ refusal: "r2", count: 1 }]);
  });

  it("drops ended windows when it tracks too many keys", () => {
    const coalescer = new PolicyAuditCoalescer<string>({ windowMs: 1000, maxTracked: 2 });
    coalescer.admit("a", "a", T);
    coalescer.admit("b", "b", T);
    coalescer.admit("c", "c", T + 5000);
    expect(coalescer.size).toBe(1);
    expect(coalescer.admit("a", "a2", T + 5001).send).toEqual({ refusal: "a2", count: 1 });
  });
});
