/**
 * A first look at a CIDR as it is typed, so the form can say what is wrong before asking
 * the server (which parses it again and has the last word). Returns the problem in plain
 * words, or undefined when it looks like an IPv4 or IPv6 address or range.
 */
export function cidrProblem(input: string): string | undefined {
  const value = input.trim();
  if (!value) return 'Enter an address or a range, for example 203.0.113.0/24.';
  if (value.includes('%')) return 'Leave out the zone (the part from “%”): rules apply to addresses, not interfaces.';
  const parts = value.split('/');
  if (parts.length > 2) return 'A range has one “/”, followed by the prefix length, as in 203.0.113.0/24.';
  const [address = '', prefix] = parts;
  const family = isIPv4(address) ? 4 : isIPv6(address) ? 6 : undefined;
  if (!family) {
    return `“${address || value}” is not an IP address. Use a form such as 203.0.113.0/24 or 2001:db8::/48.`;
  }
  if (prefix === undefined) return undefined;
  const max = family === 4 ? 32 : 128;
  if (!/^\d{1,3}$/.test(prefix)) return `After the “/” comes a whole number from 0 to ${max}, the prefix length.`;
  const bits = Number(prefix);
  if (bits > max) {
    return `An IPv${family} range ends in /0 to /${max}; /${bits} is longer than an IPv${family} address.`;
  }
  return undefined;
}

function isIPv4(s: string): boolean {
  const octets = s.split('.');
  return octets.length === 4 && octets.every((o) => /^\d{1,3}$/.test(o) && Number(o) <= 255);
}

function isIPv6(s: string): boolean {
  if (!s.includes(':') || !/^[0-9a-fA-F:.]+$/.test(s)) return false;
  const halves = s.split('::');
  if (halves.length > 2) return false;
  const groups = (half: string | undefined): string[] | undefined => {
    if (!half) return [];
    const list = half.split(':');
    // An embedded IPv4 address (::ffff:192.0.2.1) counts as two groups.
    const last = list.at(-1) ?? '';
    if (last.includes('.')) {
      if (!isIPv4(last)) return undefined;
      list.splice(-1, 1, '0', '0');
    }
    return list.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g)) ? list : undefined;
  };
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  if (!head || !tail) return false;
  const count = head.length + tail.length;
  return halves.length === 2 ? count < 8 : count === 8;
}
