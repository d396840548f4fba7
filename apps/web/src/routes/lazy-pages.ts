import { lazy } from "react";

// Pages past the login screen load on demand, so that the login page's JS stays small.
export const SignupPage = lazy(() =>
  import("./signup/signup-page").then((module) => ({ default: module.SignupPage })),
);
export const SettingsPage = lazy(() =>
  import("./settings/settings-page").then((module) => ({ default: module.SettingsPage })),
);
export const SetUpTwoFactorPage = lazy(() =>
  import("./set-up-two-factor/set-up-two-factor-page").then((module) => ({
    default: module.SetUpTwoFactorPage,
  })),
);
export const UsersPage = lazy(() =>
  import("./admin/users-page").then((module) => ({ default: module.UsersPage })),
);
export const ApiKeysPage = lazy(() =>
  import("./admin/api-keys-page").then((module) => ({ default: module.ApiKeysPage })),
);
