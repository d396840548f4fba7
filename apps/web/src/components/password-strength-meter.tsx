import { checkPasswordIdentity, type PasswordOwner } from "@pyroscope-auth/auth-core/rules";
import type { LoadedPolicy } from "../hooks/use-password-policy";
import { passwordStrength } from "../lib/password-strength";

interface PasswordStrengthMeterProps {
  readonly password: string;
  readonly loaded: LoadedPolicy;
  /** The account the password is for, when known: its name or email is refused. */
  readonly owner?: PasswordOwner | undefined;
}

type RuleState = "met" | "unmet" | "pending";

/**
 * How strong the password looks, and the policy's rules ticked off as the user types. The rules
 * are the server's; the meter is advice.
 */
export function PasswordStrengthMeter({ password, loaded, owner }: PasswordStrengthMeterProps) {
  const { policy, commonListLoaded } = loaded;
  const normalized = password.normalize("NFKC");
  const longEnough = [...normalized].length >= policy.minLength;
  const common = policy.commonPasswords.has(normalized.toLowerCase());
  const identity = owner ? checkPasswordIdentity(password, owner) !== undefined : false;
  const strength = passwordStrength(password, common || identity);

  const rules: ReadonlyArray<readonly [string, RuleState]> = [
    [`At least ${policy.minLength} characters`, longEnough ? "met" : "unmet"],
    [
      "Not a commonly used password",
      !commonListLoaded ? "pending" : common || password.length === 0 ? "unmet" : "met",
    ],
    ...(owner
      ? [
          [
            "Not your user name or email",
            identity || password.length === 0 ? "unmet" : "met",
          ] as const,
        ]
      : []),
  ];

  return (
    <div className="password-strength">
      <div className="meter" data-score={password ? strength.score : "empty"} aria-hidden="true">
        <div className="meter-fill" />
      </div>
      <p className="meter-label" aria-live="polite">
        Strength: {password ? strength.label : "—"}
      </p>
      <ul className="rules" aria-label="Password rules">
        {rules.map(([text, state]) => (
          <li key={text} className={`rule rule-${state}`}>
            <span className="rule-mark" aria-hidden="true">
              {state === "met" ? "✓" : state === "pending" ? "…" : "✗"}
            </span>
            {text}
            <span className="visually-hidden">
              {state === "met" ? " (done)" : state === "pending" ? " (checking)" : " (not yet)"}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
