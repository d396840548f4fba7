import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useLocation } from "wouter";
import { apiErrorMessages, isUnauthorized } from "../lib/api-error";
import { forgetSession } from "../lib/session-cache";
import { trpc } from "../lib/trpc";

/**
 * Ends this session on the server, forgets everything cached, and goes to the login page. When
 * the server did not end it (unreachable, busy), the page says so and stays: on a shared
 * computer, a sign-out that only looked done would leave the session to the next person.
 */
export function SignOutButton() {
  const queryClient = useQueryClient();
  const [, navigate] = useLocation();
  const [problem, setProblem] = useState<string>();
  const leave = () => {
    forgetSession(queryClient);
    navigate("/login", { replace: true });
  };
  const logout = trpc.auth.logout.useMutation({
    onSuccess: leave,
    onError: (error) => {
      // The session had already ended: signed out all the same.
      if (isUnauthorized(error)) return leave();
      setProblem(`${apiErrorMessages(error).join(", ")}: you are still signed in`);
    },
  });
  return (
    <>
      {problem ? (
        <p role="alert" className="alert alert-error sign-out-problem">
          {problem}
        </p>
      ) : null}
      <button
        type="button"
        className="button-secondary"
        disabled={logout.isPending}
        onClick={() => {
          setProblem(undefined);
          logout.mutate();
        }}
      >
        Sign out
      </button>
    </>
  );
}
