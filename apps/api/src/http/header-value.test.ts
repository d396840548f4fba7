import { describe, expect, it } from "vitest";
import { headerValue } from "./header-value.js";

describe("headerValue", () => {
  it("keeps printable ASCII and percent-encodes anything else as UTF-8", () => {
    expect(headerValue("api-key:agent")).toBe("api-key:agent");
    expect(headerValue("Łukasz")).toBe("%C5%81ukasz");
    expect(headerValue("José")).toBe("Jos%C3%A9");
    expect(headerValue("张伟")).toBe("%E5%BC%A0%E4%BC%9F");
    expect(headerValue("a\tb")).toBe("a%09b");
  });
});
