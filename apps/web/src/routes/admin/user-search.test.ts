import { describe, expect, it } from "vitest";
import type { User } from "../../lib/api-types";
import { searchUsers } from "./user-search";

function user(name: string, fullName: string | null, email: string | null): User {
  const at = "2026-11-27T12:00:00.000Z";
  return {
    id: name.length,
    name,
    fullName,
    email,
    role: "ReadOnly",
    isDisabled: false,
    isExternal: false,
    mustChangePassword: false,
    passwordChangedAt: at,
    lastSeenAt: null,
    createdAt: at,
    updatedAt: at,
  };
}

describe("searchUsers", () => {
  const users = [
    user("admin", null, "admin@localhost.localdomain"),
    user("bob", "Bob Builder", null),
    user("carol", "Carol Danvers", "carol@example.com"),
  ];

  it("matches name, full name or email, ignoring case and spaces around", () => {
    expect(searchUsers(users, "BOB").map((found) => found.name)).toEqual(["bob"]);
    expect(searchUsers(users, " danvers ").map((found) => found.name)).toEqual(["carol"]);
    expect(searchUsers(users, "localdomain").map((found) => found.name)).toEqual(["admin"]);
  });

  it("lists everyone for an empty query, and no one for a stranger", () => {
    expect(searchUsers(users, "")).toHaveLength(3);
    expect(searchUsers(users, "zed")).toEqual([]);
  });
});
