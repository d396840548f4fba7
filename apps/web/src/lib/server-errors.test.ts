import { createUserSchemas } from "@pyroscope-auth/auth-core/rules";
import { describe, expect, it } from "vitest";
import { schemaErrors } from "./schema-errors";
import { splitServerErrors } from "./server-errors";

describe("schemaErrors", () => {
  const { signupInputSchema } = createUserSchemas({
    minLength: 8,
    commonPasswords: new Set(["password1"]),
  });

  it("gives each field the server's own first message", () => {
    expect(schemaErrors(signupInputSchema, { name: "", email: "nope", password: "short" })).toEqual(
      {
        name: "user name can't be empty",
        email: "user email is invalid",
        password: "user password must be at least 8 characters",
      },
    );
    expect(schemaErrors(signupInputSchema, { name: "bob", password: "Password1" })).toEqual({
      password: "user password is too common",
    });
    expect(schemaErrors(signupInputSchema, { name: "bob", password: "BOB" })).toEqual({
      password: "user password must be at least 8 characters",
    });
  });

  it("is empty for valid input, an empty email meaning none", () => {
    expect(
      schemaErrors(signupInputSchema, { name: "bob", email: "", password: "a long passphrase" }),
    ).toEqual({});
  });
});

describe("splitServerErrors", () => {
  it("puts each message by its field and keeps the rest for the form", () => {
    const split = splitServerErrors(
      ["user with this name already exists", "user email is invalid", "permission denied"],
      ["name", "password"],
    );
    expect(split.fields).toEqual({ name: "user with this name already exists" });
    expect(split.form).toEqual(["user email is invalid", "permission denied"]);
  });

  it("renames the server's field to the form's", () => {
    const split = splitServerErrors(
      ["invalid password", "user password is too common"],
      ["oldPassword", "newPassword"],
      { password: "newPassword" },
    );
    expect(split.fields).toEqual({
      oldPassword: "invalid password",
      newPassword: "user password is too common",
    });
    expect(split.form).toEqual([]);
  });
});
