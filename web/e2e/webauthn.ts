/**
 * Passkeys in the e2e browser: Chromium's virtual authenticator, and a switch for the
 * sign-in page's passkey autofill.
 */
import type { Page } from '@playwright/test';

/**
 * Gives the page Chromium's virtual authenticator (CDP): a platform authenticator with
 * resident keys and user verification that says yes at once, as a person with a
 * fingerprint reader would.
 */
export async function addVirtualAuthenticator(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
}

/**
 * Turns the e-mail field's passkey autofill off for this page. The virtual authenticator
 * answers a waiting autofill request at once (a person would first pick the passkey), so
 * with autofill on, the sign-in page signs in before anything can be clicked.
 */
export async function withoutPasskeyAutofill(page: Page): Promise<void> {
  await page.addInitScript(() => {
    Object.defineProperty(PublicKeyCredential, 'isConditionalMediationAvailable', { value: () => Promise.resolve(false) });
  });
}
