import type { PasswordPolicy } from "@pyroscope-auth/auth-core/rules";
import { useEffect, useMemo, useState } from "react";
import { useAppConfig } from "./use-app-config";

const noCommonPasswords: ReadonlySet<string> = new Set();

export interface LoadedPolicy {
  readonly policy: PasswordPolicy;
  /** False until the common-passwords list has arrived; the server checks it anyway. */
  readonly commonListLoaded: boolean;
}

/**
 * The server's password policy, for forms that choose a password. The common-passwords list is
 * big, so it is fetched here, on these pages only, never with the login page.
 */
export function usePasswordPolicy(): LoadedPolicy {
  const minLength = useAppConfig().data?.passwordMinLength ?? 8;
  const [commonPasswords, setCommonPasswords] = useState<ReadonlySet<string>>();
  useEffect(() => {
    let mounted = true;
    import("@pyroscope-auth/auth-core/common-passwords").then(
      ({ loadCommonPasswords }) => {
        if (mounted) setCommonPasswords(loadCommonPasswords());
      },
      // Without the list the form still works; the server refuses a common password itself.
      () => undefined,
    );
    return () => {
      mounted = false;
    };
  }, []);
  return useMemo(
    () => ({
      policy: { minLength, commonPasswords: commonPasswords ?? noCommonPasswords },
      commonListLoaded: commonPasswords !== undefined,
    }),
    [minLength, commonPasswords],
  );
}
