import { describe, expect, it } from "vitest";
import { clientNetwork } from "./client-network.js";

describe("clientNetwork", () => {
  it("keeps IPv4 addresses, in either spelling, one per address", () => {
    expect(clientNetwork("203.0.113.7")).toBe("203.0.113.7");
    expect(clientNetwork("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(clientNetwork("::ffff:cb00:7107")).toBe("203.0.113.7");
  });

  it("puts every address of an IPv6 /64 under one key, and different /64s apart", () => {
    const network = "2001:db8:1:2::/64";
    expect(clientNetwork("2001:db8:1:2::1")).toBe(network);
    expect(clientNetwork("2001:0db8:0001:0002:ffff:1234:5678:9abc")).toBe(network);
    expect(clientNetwork("2001:DB8:1:2:0:0:0:77%eth0")).toBe(network);
    expect(clientNetwork("2001:db8:1:2::192.0.2.1")).toBe(network);
    expect(clientNetwork("2001:db8:1:3::1")).toBe("2001:db8:1:3::/64");
    expect(clientNetwork("::1")).toBe("0:0:0:0::/64");
    expect(clientNetwork("fe80::1")).toBe("fe80:0:0:0::/64");
  });

  it("leaves what is not an address alone", () => {
    expect(clientNetwork("unknown")).toBe("unknown");
    expect(clientNetwork("2001:db8::1::2")).toBe("2001:db8::1::2");
  });
});
