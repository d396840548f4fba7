import { appPathOf } from "./return-target";

/**
 * Goes to a path on this origin: a page of this app by client-side navigation (`navigate`
 * takes app paths), any other (the upstream Pyroscope's) by loading it, replacing the current
 * entry either way so that Back does not return to the form.
 */
export function followTarget(
  target: string,
  navigate: (to: string, options: { replace: boolean }) => void,
): void {
  const url = new URL(target, window.location.origin);
  // A last check of safeReturnTarget's promise: never a load of another origin.
  if (url.origin !== window.location.origin) return;
  const appPath = appPathOf(url.pathname);
  if (appPath === undefined) window.location.replace(url.href);
  else navigate(`${appPath}${url.search}${url.hash}`, { replace: true });
}
