import { cidrProblem } from './IpRulesCidr';

describe('cidrProblem', () => {
  it.each([
    ['203.0.113.7'],
    ['203.0.113.0/24'],
    ['0.0.0.0/0'],
    ['10.1.2.3/8'], // host bits set: the server canonicalises, the form lets it through
    ['255.255.255.255/32'],
    ['  192.0.2.0/24  '],
    ['2001:db8::/48'],
    ['2001:DB8::1'],
    ['::'],
    ['::/0'],
    ['::1/128'],
    ['fe80::'],
    ['1:2:3:4:5:6:7:8'],
    ['::ffff:192.0.2.1'],
    ['64:ff9b::192.0.2.33/120'],
  ])('accepts %j', (input) => {
    expect(cidrProblem(input)).toBeUndefined();
  });

  it.each([
    ['', 'Enter an address or a range, for example 203.0.113.0/24.'],
    ['   ', 'Enter an address or a range, for example 203.0.113.0/24.'],
    ['fe80::1%eth0', 'Leave out the zone (the part from “%”): rules apply to addresses, not interfaces.'],
    ['10.0.0.0/8/8', 'A range has one “/”, followed by the prefix length, as in 203.0.113.0/24.'],
    ['10.0.0.0/33', 'An IPv4 range ends in /0 to /32; /33 is longer than an IPv4 address.'],
    ['2001:db8::/129', 'An IPv6 range ends in /0 to /128; /129 is longer than an IPv6 address.'],
    ['::/-1', 'After the “/” comes a whole number from 0 to 128, the prefix length.'],
    ['10.0.0.0/', 'After the “/” comes a whole number from 0 to 32, the prefix length.'],
    ['10.0.0.0/x', 'After the “/” comes a whole number from 0 to 32, the prefix length.'],
    ['10.0.0.0/0008', 'After the “/” comes a whole number from 0 to 32, the prefix length.'],
    ['256.0.0.1', '“256.0.0.1” is not an IP address. Use a form such as 203.0.113.0/24 or 2001:db8::/48.'],
    ['10.0.0', '“10.0.0” is not an IP address. Use a form such as 203.0.113.0/24 or 2001:db8::/48.'],
    ['10.0.0.0.0', '“10.0.0.0.0” is not an IP address. Use a form such as 203.0.113.0/24 or 2001:db8::/48.'],
    ['office', '“office” is not an IP address. Use a form such as 203.0.113.0/24 or 2001:db8::/48.'],
    ['/24', '“/24” is not an IP address. Use a form such as 203.0.113.0/24 or 2001:db8::/48.'],
    ['1::2::3', '“1::2::3” is not an IP address. Use a form such as 203.0.113.0/24 or 2001:db8::/48.'],
    ['1:2:3:4:5:6:7', '“1:2:3:4:5:6:7” is not an IP address. Use a form such as 203.0.113.0/24 or 2001:db8::/48.'],
    ['1:2:3:4:5:6:7:8:9', '“1:2:3:4:5:6:7:8:9” is not an IP address. Use a form such as 203.0.113.0/24 or 2001:db8::/48.'],
    ['1:2:3:4::5:6:7:8', '“1:2:3:4::5:6:7:8” is not an IP address. Use a form such as 203.0.113.0/24 or 2001:db8::/48.'],
    ['2001:db8::12345', '“2001:db8::12345” is not an IP address. Use a form such as 203.0.113.0/24 or 2001:db8::/48.'],
    ['::ffff:192.0.2.256', '“::ffff:192.0.2.256” is not an IP address. Use a form such as 203.0.113.0/24 or 2001:db8::/48.'],
    ['1:2:3:4:5:6:7:192.0.2.1', '“1:2:3:4:5:6:7:192.0.2.1” is not an IP address. Use a form such as 203.0.113.0/24 or 2001:db8::/48.'],
  ])('refuses %j', (input, problem) => {
    expect(cidrProblem(input)).toBe(problem);
  });
});
