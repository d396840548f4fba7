import { useEffect } from "react";

/** Each page names itself in the tab and for screen readers moving between pages. */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Pyroscope`;
  }, [title]);
}
