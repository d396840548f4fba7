import { Link } from "wouter";
import { appBase } from "../lib/return-target";

/** The product's name, linking home. */
export function Brand() {
  return (
    <Link href="/" className="brand">
      <img src={`${appBase}/favicon.svg`} alt="" width="24" height="24" />
      Pyroscope
    </Link>
  );
}
