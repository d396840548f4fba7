import { describe, expect, it } from "vitest";
import { configHelp } from "./help.js";
import { configKeys } from "./schema.js";

describe("configHelp", () => {
  it("lists every key with its default, its variable and what it does", () => {
    const help = configHelp();
    for (const key of configKeys) expect(help, key).toContain(`  --${key}  (default `);
    expect(help).toContain(
      "  --auth.internal.enabled  (default false; PYROSCOPE_AUTH_INTERNAL_ENABLED)\n      login/password authentication",
    );
    expect(help).toContain("  --api-bind-addr  (default :4040; PYROSCOPE_API_BIND_ADDR)");
    expect(help).toContain("  --auth.ingestion.cache-ttl  (default 1m;");
  });
});
