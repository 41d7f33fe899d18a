import { safeNextPath, signInPath } from './redirect';

describe('safeNextPath', () => {
  it.each(['/account', '/admin/users?q=ada', '/account#security', '/a/b/c?x=1&y=2', '/%2Fslashes'])('keeps the path %s', (path) => {
    expect(safeNextPath(path)).toBe(path);
  });

  it('normalises dot segments', () => {
    expect(safeNextPath('/admin/../account')).toBe('/account');
  });

  it.each([
    null,
    undefined,
    '',
    'account',
    'https://evil.example/',
    'http:/evil.example',
    '//evil.example',
    '///evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    '/\\/evil.example',
    'javascript:alert(1)',
    ' /account',
    '/account\n',
    '/\tevil.example',
    '/..//evil.example',
    '/sign-in',
    '/sign-in?next=/account',
  ])('refuses %j', (path) => {
    expect(safeNextPath(path)).toBeUndefined();
  });

  it('refuses a path longer than any of ours', () => {
    expect(safeNextPath(`/${'a'.repeat(3000)}`)).toBeUndefined();
  });
});

describe('signInPath', () => {
  it('comes back to the page afterwards', () => {
    expect(signInPath('/admin/users?q=a%20b')).toBe(`/sign-in?next=${encodeURIComponent('/admin/users?q=a%20b')}`);
  });

  it('leaves out a next that is home or unsafe', () => {
    expect(signInPath('/')).toBe('/sign-in');
    expect(signInPath('//evil.example')).toBe('/sign-in');
  });
});
