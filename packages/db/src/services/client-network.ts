import { isIPv6 } from "node:net";

/**
 * The network a client address stands for in the login throttle. An IPv6 host usually holds a
 * whole /64 and can pick any address in it, so its counters are kept per /64; IPv4 addresses
 * (also when written IPv4-mapped, `::ffff:1.2.3.4`) and anything unparsable stay as they are.
 */
export function clientNetwork(address: string): string {
  const withoutZone = address.split("%")[0] ?? address;
  if (!isIPv6(withoutZone)) return address;
  const groups = ipv6Groups(withoutZone);
  const mapped = groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff;
  if (mapped) {
    const low = ((groups[6] ?? 0) << 16) | (groups[7] ?? 0);
    return [24, 16, 8, 0].map((shift) => (low >>> shift) & 0xff).join(".");
  }
  return `${groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(":")}::/64`;
}

/**
 * Whose turn a request's hash is in the hashing queue (see createConcurrencyLimit): its client's
 * network, so that one address cannot take the whole queue; "" for the CLI and the server.
 */
export function hashQueueOwner(ctx: { readonly clientIp?: string | undefined }): string {
  return ctx.clientIp ? clientNetwork(ctx.clientIp) : "";
}

/** The eight 16-bit groups of a valid IPv6 address, `::` expanded and a dotted tail split in two. */
function ipv6Groups(address: string): number[] {
  const parse = (part: string) =>
    part === ""
      ? []
      : part.split(":").flatMap((group) => {
          if (!group.includes(".")) return [Number.parseInt(group, 16)];
          const [a = 0, b = 0, c = 0, d = 0] = group.split(".").map(Number);
          return [(a << 8) | b, (c << 8) | d];
        });
  const [head = "", tail] = address.split("::");
  if (tail === undefined) return parse(head);
  const before = parse(head);
  const after = parse(tail);
  return [...before, ...Array(8 - before.length - after.length).fill(0), ...after];
}
