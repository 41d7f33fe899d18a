/** The page a signed-in person lands on when nothing else was asked for. */
export const homeAfterSignIn = '/account';

const probeOrigin = 'https://vouch.invalid';

/**
 * The `?next=` a sign-in may return to, or undefined when it is not a plain path on this
 * site. Only "/something" is taken: never a scheme ("https:", "javascript:"), a
 * protocol-relative "//host", a backslash (browsers read "/\host" as "//host"),
 * whitespace or control characters, and never the sign-in page itself.
 */
export function safeNextPath(raw: string | null | undefined): string | undefined {
  if (!raw || raw.length > 2048) return undefined;
  if (!raw.startsWith('/') || raw.startsWith('//')) return undefined;
  // Backslashes, whitespace and control characters have no business in our paths.
  if (/[\\\s\p{Cc}]/u.test(raw)) return undefined;
  let url: URL;
  try {
    url = new URL(raw, probeOrigin);
  } catch {
    return undefined;
  }
  if (url.origin !== probeOrigin) return undefined;
  // Dot segments can fold "/..//host" into "//host": judge what is left after parsing.
  if (url.pathname.startsWith('//')) return undefined;
  if (url.pathname === '/sign-in' || url.pathname.startsWith('/sign-in/')) return undefined;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The sign-in address that comes back to `path` afterwards. */
export function signInPath(path: string): string {
  const next = safeNextPath(path);
  return next && next !== '/' ? `/sign-in?next=${encodeURIComponent(next)}` : '/sign-in';
}
