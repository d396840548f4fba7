export type StrengthScore = 0 | 1 | 2 | 3 | 4;

export interface Strength {
  readonly score: StrengthScore;
  readonly label: "very weak" | "weak" | "fair" | "good" | "strong";
}

const labels: Strength["label"][] = ["very weak", "weak", "fair", "good", "strong"];

/** Size of the alphabet an attacker must assume, from the kinds of characters used. */
function alphabetSize(password: string): number {
  let size = 0;
  if (/[a-z]/.test(password)) size += 26;
  if (/[A-Z]/.test(password)) size += 26;
  if (/[0-9]/.test(password)) size += 10;
  // Printable ASCII punctuation and space; then anything beyond printable ASCII.
  if (/[ -/:-@[-`{-~]/.test(password)) size += 33;
  if (/[^ -~]/u.test(password)) size += 100;
  return size;
}

/** Characters that add little: repeats (aaa) and runs (abc, 123, cba) count half. */
function effectiveLength(password: string): number {
  const codes = [...password].map((char) => char.codePointAt(0) ?? 0);
  let length = 0;
  codes.forEach((code, index) => {
    const step = index > 0 ? code - (codes[index - 1] ?? 0) : Number.NaN;
    length += Math.abs(step) <= 1 ? 0.5 : 1;
  });
  return length;
}

/**
 * A rough guessing-entropy estimate for the meter. The policy decides what is accepted; this
 * only nudges towards longer passwords. Known-bad passwords (common, the user's own name) are
 * "very weak" whatever their length.
 */
export function passwordStrength(password: string, knownBad: boolean): Strength {
  const bits = knownBad ? 0 : effectiveLength(password) * Math.log2(alphabetSize(password) || 1);
  const score: StrengthScore = bits < 28 ? 0 : bits < 45 ? 1 : bits < 60 ? 2 : bits < 80 ? 3 : 4;
  return { score, label: labels[score] ?? "very weak" };
}
