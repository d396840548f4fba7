import { Link } from "wouter";
import { useDocumentTitle } from "../hooks/use-document-title";

export function NotFoundPage() {
  useDocumentTitle("Page not found");
  return (
    <section className="card">
      <h1>Page not found</h1>
      <p>
        There is no page at this address. <Link href="/">Go to the home page</Link>.
      </p>
    </section>
  );
}
