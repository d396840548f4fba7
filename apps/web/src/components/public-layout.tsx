import type { ReactNode } from "react";
import { Brand } from "./brand";

interface PublicLayoutProps {
  readonly title: string;
  readonly children: ReactNode;
}

/** The pages before signing in: one centred card. */
export function PublicLayout({ title, children }: PublicLayoutProps) {
  return (
    <div className="public-layout">
      <header className="public-header">
        <Brand />
      </header>
      <main id="main" className="card public-card">
        <h1>{title}</h1>
        {children}
      </main>
    </div>
  );
}
