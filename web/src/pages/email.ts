/** The label every e-mail field of the signed-out pages uses. */
export const emailLabel = 'Email address';

/**
 * What is wrong with an e-mail address as typed, before the server sees it: only that it
 * is there and has the shape name@domain. The server decides the rest.
 */
export function emailError(email: string): string | undefined {
  const value = email.trim();
  if (!value) return 'Enter your email address.';
  if (!/^[^\s@]+@[^\s@]+$/.test(value)) return 'Enter an email address like name@example.com.';
  return undefined;
}
