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

  it("shows control and invisible characters as escapes: no forged rows, no terminal commands", () => {
    const forged = "x\r\n2026-11-27T23:59:59.000Z  admin  user.delete";
    expect(
      formatTable(
        ["TARGET", "OUTCOME"],
        [
          [forged, "failure"],
          ["\u001b[2J\u001b]0;owned\u0007", "failure"],
          ["admin\u202e\u200b\t", "failure"],
        ],
      ),
    ).toBe(
      [
        "TARGET                                             OUTCOME",
        "x\\r\\n2026-11-27T23:59:59.000Z  admin  user.delete  failure",
        "\\u001b[2J\\u001b]0;owned\\u0007                      failure",
        "admin\\u202e\\u200b\\t                                failure",
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
