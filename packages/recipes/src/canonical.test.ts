import { describe, expect, it } from "vitest";
import { canonicalJson, contentHash } from "./canonical";

describe("canonical JSON and content hash", () => {
  it("ignores key order and whitespace", () => {
    const a = { lr: 0.001, aug: { flip: true, crop: "rrc" }, epochs: 30 };
    const b = { epochs: 30, aug: { crop: "rrc", flip: true }, lr: 0.001 };
    expect(canonicalJson(a)).toBe('{"aug":{"crop":"rrc","flip":true},"epochs":30,"lr":0.001}');
    expect(contentHash(a)).toBe(contentHash(b));
  });

  it("changes with any value", () => {
    expect(contentHash({ lr: 0.001 })).not.toBe(contentHash({ lr: 0.002 }));
    expect(contentHash({ lr: 0.001 })).toMatch(/^[0-9a-f]{64}$/);
  });

  it("refuses values without a JSON form", () => {
    expect(() => canonicalJson(undefined)).toThrow(/no JSON form/);
  });
});
