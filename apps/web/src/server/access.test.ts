import { describe, expect, it } from "vitest";
import { isAllowedHostHeader, isLoopbackAddress } from "./host-check";
import { requiredToken, tokensMatch } from "./token";

describe("who may reach the dashboard", () => {
  it("tells loopback binds from binds beyond this machine", () => {
    for (const host of ["127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]", "::ffff:127.0.0.1"]) {
      expect(isLoopbackAddress(host), host).toBe(true);
    }
    for (const host of ["0.0.0.0", "::", "192.168.1.10", "10.0.0.1", "example.com", "128.0.0.1"]) {
      expect(isLoopbackAddress(host), host).toBe(false);
    }
  });

  it("on loopback, accepts only localhost, 127.0.0.1 and [::1] (any port) as Host", () => {
    for (const host of ["localhost", "localhost:3000", "127.0.0.1:1", "[::1]:65535", "LOCALHOST:80"]) {
      expect(isAllowedHostHeader(host, "127.0.0.1"), host).toBe(true);
    }
    for (const host of [
      undefined,
      "",
      "evil.example",
      "evil.example:3000",
      "127.0.0.1.nip.io",
      "localhost:x",
      "[::2]",
    ]) {
      expect(isAllowedHostHeader(host, "127.0.0.1"), String(host)).toBe(false);
    }
    expect(isAllowedHostHeader("127.0.0.2:80", "127.0.0.2")).toBe(true);
  });

  it("compares tokens whole, whatever their lengths", () => {
    expect(tokensMatch("0123456789abcdef", "0123456789abcdef")).toBe(true);
    expect(tokensMatch("0123456789abcdeX", "0123456789abcdef")).toBe(false);
    expect(tokensMatch("0123456789abcdef0", "0123456789abcdef")).toBe(false);
    expect(tokensMatch("", "0123456789abcdef")).toBe(false);
  });

  it("asks for SEEDSCOPE_TOKEN beyond loopback only, and for a long enough one", () => {
    expect(requiredToken("127.0.0.1", undefined)).toBeNull();
    expect(() => requiredToken("0.0.0.0", undefined)).toThrow(/set SEEDSCOPE_TOKEN/);
    expect(() => requiredToken("0.0.0.0", "  ")).toThrow(/set SEEDSCOPE_TOKEN/);
    expect(() => requiredToken("0.0.0.0", "short")).toThrow(/at least 16/);
    expect(() => requiredToken("0.0.0.0", "has a space in it, sixteen+")).toThrow(/without spaces/);
    expect(requiredToken("0.0.0.0", " 0123456789abcdef ")).toBe("0123456789abcdef");
  });
});
