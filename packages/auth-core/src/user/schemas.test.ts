import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { loadCommonPasswords } from "../common-passwords.js";
import {
  apiKeyCreateInputSchema,
  createUserSchemas,
  loginInputSchema,
  secondFactorDisableInputSchema,
  secondStepInputSchema,
  totpConfirmInputSchema,
  userUpdateInputSchema,
} from "./schemas.js";

const schemas = createUserSchemas({ minLength: 8, commonPasswords: loadCommonPasswords() });
const valid = {
  name: "alice",
  email: "alice@example.com",
  fullName: "Alice A.",
  password: "v3ry-unusual-phrase",
  role: "ReadOnly",
};

function messages(result: {
  success: boolean;
  error?: { issues: { message: string }[] };
}): string[] {
  return result.error?.issues.map((issue) => issue.message) ?? [];
}

describe("user create schema", () => {
  it("accepts a valid user and canonicalises the role", () => {
    const parsed = schemas.userCreateInputSchema.parse({ ...valid, role: "readonly" });
    expect(parsed).toEqual({ ...valid, role: "ReadOnly" });
  });

  it("reports every broken rule together, in the original's order", () => {
    const result = schemas.userCreateInputSchema.safeParse({
      name: "",
      email: "nope",
      fullName: "x".repeat(256),
      password: "",
      role: "Owner",
    });
    expect(messages(result)).toEqual([
      "user name can't be empty",
      "user email is invalid",
      "user full name must not exceed 255 characters",
      "user password can't be empty",
      "unknown role",
    ]);
    expect(result.error?.issues.map((issue) => issue.path[0])).toEqual([
      "name",
      "email",
      "fullName",
      "password",
      "role",
    ]);
  });

  it.each([
    ["name", "n".repeat(256), "user name must not exceed 255 characters"],
    [
      "name",
      " alice",
      "user name must not contain control or invisible characters or surrounding spaces",
    ],
    [
      "name",
      "al\u0000ice",
      "user name must not contain control or invisible characters or surrounding spaces",
    ],
    [
      "name",
      "al\nice",
      "user name must not contain control or invisible characters or surrounding spaces",
    ],
    [
      "name",
      "admin\u200b",
      "user name must not contain control or invisible characters or surrounding spaces",
    ],
    [
      "name",
      "\u202enimda",
      "user name must not contain control or invisible characters or surrounding spaces",
    ],
    ["name", "cli", "user name is reserved for the audit trail"],
    ["name", "System", "user name is reserved for the audit trail"],
    ["name", "anonymous", "user name is reserved for the audit trail"],
    ["name", "api-key:ingest", "user name is reserved for the audit trail"],
    ["fullName", "Bobby\u0000", "user full name must not contain control characters"],
    ["email", "a@", "user email is invalid"],
    ["email", `${"e".repeat(250)}@x.com`, "user email is invalid"],
    ["password", "p".repeat(256), "user password must not exceed 255 characters"],
    ["password", "short1", "user password must be at least 8 characters"],
    ["password", "password", "user password is too common"],
    ["password", "Qwerty123", "user password is too common"],
    ["password", "alice", "user password must be at least 8 characters"],
    ["role", "superuser", "unknown role"],
  ])("refuses %s %j with %j", (field, value, message) => {
    expect(messages(schemas.userCreateInputSchema.safeParse({ ...valid, [field]: value }))).toEqual(
      [message],
    );
  });

  it("counts name, full name and password length in UTF-8 bytes like the original", () => {
    // 85 × "€" is 85 characters but 255 bytes: allowed; one more is 258 bytes.
    expect(
      schemas.userCreateInputSchema.safeParse({ ...valid, name: "€".repeat(85) }).success,
    ).toBe(true);
    expect(
      messages(schemas.userCreateInputSchema.safeParse({ ...valid, name: "€".repeat(86) })),
    ).toEqual(["user name must not exceed 255 characters"]);
    expect(
      messages(schemas.userCreateInputSchema.safeParse({ ...valid, fullName: "é".repeat(128) })),
    ).toEqual(["user full name must not exceed 255 characters"]);
    expect(
      messages(schemas.userCreateInputSchema.safeParse({ ...valid, password: "🔑".repeat(64) })),
    ).toEqual(["user password must not exceed 255 characters"]);
    expect(
      schemas.userCreateInputSchema.safeParse({ ...valid, password: "🔑".repeat(63) }).success,
    ).toBe(true);
  });

  it("refuses the account's own name or email as its password, case-insensitively", () => {
    for (const password of [
      "Alice-Wonderland",
      "alice@wonderland.example",
      "ALICE@WONDERLAND.EXAMPLE",
    ]) {
      const input = {
        ...valid,
        name: "alice-wonderland",
        email: "alice@wonderland.example",
        password,
      };
      expect(messages(schemas.userCreateInputSchema.safeParse(input))).toEqual([
        "user password must not be the user name or email",
      ]);
    }
  });

  it("gives one message per field even when several password rules fail", () => {
    expect(
      messages(schemas.userCreateInputSchema.safeParse({ ...valid, name: "bob", password: "bob" })),
    ).toEqual(["user password must be at least 8 characters"]);
  });

  it("treats an empty email as none, and refuses wrong types with the field's message", () => {
    expect(schemas.userCreateInputSchema.parse({ ...valid, email: "" }).email).toBeUndefined();
    expect(messages(schemas.userCreateInputSchema.safeParse({ ...valid, name: 42 }))).toEqual([
      "user name can't be empty",
    ]);
    expect(messages(schemas.userCreateInputSchema.safeParse({ ...valid, role: 1 }))).toEqual([
      "unknown role",
    ]);
  });

  it("follows the configured minimum length", () => {
    const strict = createUserSchemas({ minLength: 16, commonPasswords: new Set() });
    expect(messages(strict.newPasswordSchema.safeParse("fifteen-chars-x"))).toEqual([
      "user password must be at least 16 characters",
    ]);
    expect(strict.newPasswordSchema.safeParse("sixteen-chars-xy").success).toBe(true);
  });
});

describe("signup schema", () => {
  it("has no role: the server decides it", () => {
    const parsed = schemas.signupInputSchema.parse({ ...valid, role: "Admin" });
    expect(parsed).not.toHaveProperty("role");
  });
});

describe("update schema", () => {
  it("allows partial updates and clearing email or full name", () => {
    expect(userUpdateInputSchema.parse({ fullName: "B" })).toEqual({ fullName: "B" });
    // A reserved name is refused where it would be new: the service knows whether it is.
    expect(userUpdateInputSchema.parse({ name: "system" })).toEqual({ name: "system" });
    expect(userUpdateInputSchema.parse({ email: "" })).toEqual({ email: null });
    expect(userUpdateInputSchema.parse({ email: null, fullName: null })).toEqual({
      email: null,
      fullName: null,
    });
    expect(messages(userUpdateInputSchema.safeParse({ name: "", email: "bad" }))).toEqual([
      "user name can't be empty",
      "user email is invalid",
    ]);
  });
});

describe("password change schema", () => {
  it("needs the old password and a policy-abiding new one", () => {
    expect(
      messages(
        schemas.passwordChangeInputSchema.safeParse({ oldPassword: "", newPassword: "123456" }),
      ),
    ).toEqual(["invalid password", "user password must be at least 8 characters"]);
    expect(
      schemas.passwordChangeInputSchema.safeParse({
        oldPassword: "x",
        newPassword: "v3ry-unusual-phrase",
      }).success,
    ).toBe(true);
  });
});

describe("login schema", () => {
  it("only needs both fields present", () => {
    expect(loginInputSchema.safeParse({ username: "a", password: "b" }).success).toBe(true);
    expect(messages(loginInputSchema.safeParse({ username: "", password: "" }))).toEqual([
      "user name can't be empty",
      "user password can't be empty",
    ]);
  });

  it("refuses a name longer than any account can have (255 bytes of UTF-8)", () => {
    expect(loginInputSchema.safeParse({ username: "é".repeat(127), password: "b" }).success).toBe(
      true,
    );
    expect(
      messages(loginInputSchema.safeParse({ username: "é".repeat(128), password: "b" })),
    ).toEqual(["user name must not exceed 255 characters"]);
  });
});

describe("api key create schema", () => {
  it("checks name, role and ttl", () => {
    expect(apiKeyCreateInputSchema.parse({ name: "ci", role: "agent", ttlSeconds: 60 })).toEqual({
      name: "ci",
      role: "Agent",
      ttlSeconds: 60,
    });
    expect(
      messages(apiKeyCreateInputSchema.safeParse({ name: " ", role: "root", ttlSeconds: 0 })),
    ).toEqual([
      "api key name can't be empty",
      "unknown role",
      "api key ttl must be a whole number of seconds between 1 and 315360000",
    ]);
    expect(
      messages(apiKeyCreateInputSchema.safeParse({ name: "k".repeat(256), role: "Admin" })),
    ).toEqual(["api key name must not exceed 255 characters"]);
  });
});

describe("second-factor inputs", () => {
  const messagesOf = (schema: z.ZodType, input: unknown) => {
    const result = schema.safeParse(input);
    return result.success ? [] : result.error.issues.map((issue) => issue.message);
  };

  it("name an empty or oversized code, and an empty password, in the API's words", () => {
    expect(messagesOf(totpConfirmInputSchema, { code: "" })).toEqual(["code can't be empty"]);
    expect(messagesOf(totpConfirmInputSchema, { code: "1".repeat(65) })).toEqual(["invalid code"]);
    expect(messagesOf(secondFactorDisableInputSchema, { password: "", code: "123456" })).toEqual([
      "invalid password",
    ]);
    expect(messagesOf(secondStepInputSchema, { challenge: "", code: "123456" })).toEqual([
      "sign-in expired: sign in again",
    ]);
    expect(messagesOf(secondStepInputSchema, { challenge: "c", code: "123456" })).toEqual([]);
  });
});
