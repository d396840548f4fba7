import type { ReactNode } from "react";
import { Link, useLocation } from "wouter";

interface NavLinkProps {
  readonly href: string;
  readonly children: ReactNode;
}

/** A header link that tells assistive technology which page is open (aria-current). */
export function NavLink({ href, children }: NavLinkProps) {
  const [location] = useLocation();
  const current = href === "/" ? location === "/" : location.startsWith(href);
  return (
    <Link href={href} className="nav-link" aria-current={current ? "page" : undefined}>
      {children}
    </Link>
  );
}
