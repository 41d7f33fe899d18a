import type { Page } from '@playwright/test';
import { expect } from './fixtures';
import { listMail, readMail, type Mail } from './harness/mail';

/** The step-up e-mail's subject starts with this; the code follows. */
export const stepUpSubject = 'Your Vouch confirmation code: ';

/** The newest step-up code e-mailed to `to` that is not among `except` (message IDs). */
export async function stepUpCodeFor(to: string, except: readonly string[] = [], timeoutMs = 15_000): Promise<{ code: string; mail: Mail }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await listMail()).find(
      (m) =>
        (m.To ?? []).some((a) => a.Address.toLowerCase() === to.toLowerCase()) &&
        m.Subject.startsWith(stepUpSubject) &&
        !except.includes(m.ID),
    );
    if (found) {
      const mail = await readMail(found.ID);
      const code = /\b(\d{6})\b/.exec(mail.Subject)?.[1];
      if (!code) throw new Error(`no code in "${mail.Subject}"`);
      return { code, mail };
    }
    if (Date.now() > deadline) throw new Error(`no step-up code e-mailed to ${to} within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The open "Confirm it's you" dialog. */
export function stepUpDialog(page: Page) {
  return page.getByRole('dialog', { name: 'Confirm it’s you' });
}

/** Answers the open step-up dialog with an e-mailed code, read from Mailpit. */
export async function confirmByEmail(page: Page, email: string): Promise<void> {
  const dialog = stepUpDialog(page);
  await dialog.getByRole('button', { name: 'E-mail me a code' }).click();
  const code = dialog.getByLabel('6-digit code');
  await expect(code).toBeFocused();
  await code.fill((await stepUpCodeFor(email)).code);
  await dialog.getByRole('button', { name: 'Confirm' }).click();
  await expect(dialog).toBeHidden();
}

/** Answers the open step-up dialog with the page's (virtual) passkey. */
export async function confirmByPasskey(page: Page): Promise<void> {
  const dialog = stepUpDialog(page);
  await dialog.getByRole('button', { name: 'Use your passkey' }).click();
  await expect(dialog).toBeHidden();
}
