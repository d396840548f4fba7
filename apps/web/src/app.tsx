import { QueryClientProvider } from "@tanstack/react-query";
import { useState } from "react";
import { Router } from "wouter";
import { ErrorNotice } from "./components/error-notice";
import { Loading } from "./components/loading";
import { PublicLayout } from "./components/public-layout";
import { useAppConfig } from "./hooks/use-app-config";
import { createQueryClient } from "./lib/query-client";
import { appBase } from "./lib/return-target";
import { followSessionErrors } from "./lib/session-redirects";
import { trpc } from "./lib/trpc";
import { createTrpcClient } from "./lib/trpc-client";
import { AppRoutes } from "./routes/app-routes";

/** Without internal authentication the API is open and has no accounts: nothing to sign in to. */
function AuthDisabled() {
  return (
    <PublicLayout title="Sign-in is turned off">
      <p>
        This server runs without internal authentication (<code>auth.internal.enabled</code> is
        false), so there are no accounts to sign in to or manage here.
      </p>
    </PublicLayout>
  );
}

function ConfiguredApp() {
  const config = useAppConfig();
  if (config.isPending) return <Loading />;
  if (config.isError) {
    return (
      <PublicLayout title="Pyroscope">
        <ErrorNotice title="Could not reach the server." error={config.error} />
      </PublicLayout>
    );
  }
  return config.data.internalEnabled ? <AppRoutes /> : <AuthDisabled />;
}

export function App() {
  const [queryClient] = useState(() => {
    const client = createQueryClient((error) => followSessionErrors(error, client));
    return client;
  });
  const [trpcClient] = useState(createTrpcClient);
  return (
    <trpc.Provider client={trpcClient} queryClient={queryClient}>
      <QueryClientProvider client={queryClient}>
        <Router base={appBase}>
          <ConfiguredApp />
        </Router>
      </QueryClientProvider>
    </trpc.Provider>
  );
}
