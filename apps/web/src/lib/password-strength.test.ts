import { describe, expect, it } from "vitest";
import { passwordStrength } from "./password-strength";

describe("passwordStrength", () => {
  it("rates by length and variety", () => {
    expect(passwordStrength("", false).label).toBe("very weak");
    expect(passwordStrength("kitten", false).label).toBe("very weak");
    expect(passwordStrength("kittens12", false).label).toBe("weak");
    expect(passwordStrength("Kittens-in-2", false).label).toBe("good");
    expect(passwordStrength("correct horse battery staple", false).label).toBe("strong");
  });

  it("gives little for repeats and runs", () => {
    expect(passwordStrength("aaaaaaaaaa", false).score).toBe(0);
    expect(passwordStrength("abcdefgh12345", false).score).toBeLessThan(
      passwordStrength("qmzrwptk19473", false).score,
    );
  });

  it("calls a known-bad password very weak, however long", () => {
    expect(passwordStrength("correct horse battery staple", true)).toEqual({
      score: 0,
      label: "very weak",
    });
  });
});
