/**
 * Reads the mail the server under test sent, from the Mailpit global-setup.ts started
 * (its HTTP API at VOUCH_E2E_MAILPIT_URL). Every test's users have unique addresses, so
 * a test finds its own messages by recipient and never sees another test's.
 */

/** An address as Mailpit reports it. */
export interface MailAddress {
  Name: string;
  Address: string;
}

/** A message in Mailpit's listing (GET /api/v1/messages), newest first. */
export interface MailSummary {
  ID: string;
  To: MailAddress[] | null;
  Subject: string;
  Created: string;
}

/** One message with its bodies (GET /api/v1/message/{ID}). */
export interface Mail {
  ID: string;
  To: MailAddress[] | null;
  Subject: string;
  Text: string;
  HTML: string;
}

export interface WaitOptions {
  /** Only a message with exactly this subject. */
  subject?: string;
  /** Give up after this long (the server sends before it answers, so this is generous). */
  timeoutMs?: number;
  /** Skip these message IDs (ones already read), to wait for a later one. */
  except?: readonly string[];
}

/** The subject of the e-mail that carries a password reset link. */
export const resetSubject = 'Reset your Vouch password';

function apiURL(): string {
  const url = process.env.VOUCH_E2E_MAILPIT_URL;
  if (!url) throw new Error('VOUCH_E2E_MAILPIT_URL is unset: run the specs through `npm run e2e` (global-setup.ts)');
  return url;
}

async function get<T>(path: string): Promise<T> {
  const res = await fetch(`${apiURL()}${path}`);
  if (!res.ok) throw new Error(`mailpit GET ${path}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** The newest messages, newest first. */
export async function listMail(limit = 500): Promise<MailSummary[]> {
  const { messages } = await get<{ messages: MailSummary[] | null }>(`/api/v1/messages?limit=${limit}`);
  return messages ?? [];
}

/** One message, bodies included. */
export function readMail(id: string): Promise<Mail> {
  return get<Mail>(`/api/v1/message/${encodeURIComponent(id)}`);
}

function sentTo(message: MailSummary, to: string): boolean {
  return (message.To ?? []).some((a) => a.Address.toLowerCase() === to.toLowerCase());
}

/**
 * The newest message to `to` (and with `subject`, when given), polling until one arrives.
 * Throws after timeoutMs, listing what the mailbox did have for the address.
 */
export async function waitForMail(to: string, { subject, timeoutMs = 15_000, except = [] }: WaitOptions = {}): Promise<Mail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await listMail()).find(
      (m) => sentTo(m, to) && (subject === undefined || m.Subject === subject) && !except.includes(m.ID),
    );
    if (found) return readMail(found.ID);
    if (Date.now() > deadline) {
      const seen = (await listMail()).filter((m) => sentTo(m, to)).map((m) => `"${m.Subject}"`);
      throw new Error(
        `no e-mail to ${to}${subject ? ` with subject "${subject}"` : ''} within ${timeoutMs / 1000} s (mailbox has: ${seen.join(', ') || 'nothing'})`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The messages to `to` so far, newest first (no waiting). */
export async function mailTo(to: string): Promise<MailSummary[]> {
  return (await listMail()).filter((m) => sentTo(m, to));
}

/** The first absolute http(s) link in text whose path is `path`. */
export function linkIn(text: string, path: string): URL {
  for (const [raw] of text.matchAll(/https?:\/\/[^\s<>"')]+/g)) {
    const url = new URL(raw);
    if (url.pathname === path) return url;
  }
  throw new Error(`no ${path} link in:\n${text}`);
}

/** The link of the newest password-reset e-mail to `to`, waiting for it to arrive. */
export async function resetLinkFor(to: string, options: Omit<WaitOptions, 'subject'> = {}): Promise<{ link: URL; token: string; mail: Mail }> {
  const mail = await waitForMail(to, { ...options, subject: resetSubject });
  const link = linkIn(mail.Text, '/reset-password');
  const token = link.searchParams.get('token');
  if (!token) throw new Error(`the reset link has no token: ${link.href}`);
  return { link, token, mail };
}
