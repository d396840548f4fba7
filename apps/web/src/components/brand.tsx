import { Link } from "wouter";

/** The product's name, linking home. */
export function Brand() {
  return (
    <Link href="/" className="brand">
      <img src="/favicon.svg" alt="" width="24" height="24" />
      Pyroscope
    </Link>
  );
}
