import { describe, expect, it } from "vitest";
import { formatTable } from "./format-table.js";

describe("formatTable", () => {
  it("pads every column to its widest cell, header included", () => {
    expect(
      formatTable(
        ["NAME", "ROLE"],
        [
          ["admin", "Admin"],
          ["a-much-longer-name", "ReadOnly"],
        ],
      ),
    ).toBe(
      [
        "NAME                ROLE",
        "admin               Admin",
        "a-much-longer-name  ReadOnly",
      ].join("\n"),
    );
  });

  it("lists 200,000 rows (a user table that size overflowed the stack)", () => {
    const rows = Array.from({ length: 200_000 }, (_, index) => [`user-${index}`, "ReadOnly"]);
    const table = formatTable(["NAME", "ROLE"], rows);
    expect(table.split("\n")).toHaveLength(200_001);
    expect(table.split("\n")[200_000]).toBe("user-199999  ReadOnly");
  });
});
