import { useQueryClient } from "@tanstack/react-query";
import { useLocation } from "wouter";
import { forgetSession } from "../lib/session-cache";
import { trpc } from "../lib/trpc";

/** Ends this session on the server, forgets everything cached, and goes to the login page. */
export function SignOutButton() {
  const queryClient = useQueryClient();
  const [, navigate] = useLocation();
  const logout = trpc.auth.logout.useMutation({
    // Even if the session was already gone, the person asked to be signed out: go to /login.
    onSettled: () => {
      forgetSession(queryClient);
      navigate("/login", { replace: true });
    },
  });
  return (
    <button
      type="button"
      className="button-secondary"
      disabled={logout.isPending}
      onClick={() => logout.mutate()}
    >
      Sign out
    </button>
  );
}
