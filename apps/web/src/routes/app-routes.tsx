import { Suspense } from "react";
import { Redirect, Route, Switch } from "wouter";
import { Loading } from "../components/loading";
import { AdminOnly } from "./admin/admin-only";
import { HomePage } from "./home/home-page";
import { ApiKeysPage, SettingsPage, SignupPage, UsersPage } from "./lazy-pages";
import { LoginPage } from "./login/login-page";
import { NotFoundPage } from "./not-found-page";
import { SessionGate } from "./session-gate";

/** The pages; apps/api serves index.html for each of these paths (http/static-web.ts). */
export function AppRoutes() {
  return (
    <Switch>
      <Route path="/login" component={LoginPage} />
      <Route path="/signup">
        <Suspense fallback={<Loading />}>
          <SignupPage />
        </Suspense>
      </Route>
      <Route>
        <SessionGate>
          {(user) => (
            <Switch>
              <Route path="/">
                <HomePage user={user} />
              </Route>
              <Route path="/settings">
                <SettingsPage user={user} />
              </Route>
              <Route path="/admin">
                <Redirect to="/admin/users" replace />
              </Route>
              <Route path="/admin/users">
                <AdminOnly user={user}>
                  <UsersPage user={user} />
                </AdminOnly>
              </Route>
              <Route path="/admin/api-keys">
                <AdminOnly user={user}>
                  <ApiKeysPage />
                </AdminOnly>
              </Route>
              <Route component={NotFoundPage} />
            </Switch>
          )}
        </SessionGate>
      </Route>
    </Switch>
  );
}
