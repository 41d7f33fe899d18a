/**
 * The `test` every spec uses. On top of Playwright's it:
 * - points baseURL at the server global-setup.ts started;
 * - fails a test whose page broke the Content Security Policy or threw an uncaught error;
 * - runs axe on the page a test ends on, and gives `expectAccessible` for the pages it
 *   passes through: no serious or critical violation may be found.
 * ESLint refuses specs that import from @playwright/test directly.
 */
import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';

export { expect };

/** WCAG 2.2 A and AA, plus axe's best practices (landmarks, one h1, …). */
const axeTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
const blockingImpacts = new Set(['serious', 'critical']);

async function assertAccessible(page: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).withTags(axeTags).analyze();
  const blocking = violations
    .filter((v) => blockingImpacts.has(v.impact ?? ''))
    .map((v) => `${v.id} (${v.impact ?? '?'}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(blocking, `axe on ${page.url()}`).toEqual([]);
}

interface Fixtures {
  /** Runs axe on the page as it is now; call it on every state worth checking. */
  expectAccessible: (page?: Page) => Promise<void>;
  /** Automatic: watches the page for CSP violations and errors, and checks the last page. */
  pageGuards: undefined;
}

export const test = base.extend<Fixtures>({
  // Playwright reads the fixtures a function needs from its first parameter's pattern.
  // eslint-disable-next-line no-empty-pattern
  baseURL: async ({}, use) => {
    const url = process.env.VOUCH_E2E_BASE_URL;
    if (!url) throw new Error('VOUCH_E2E_BASE_URL is unset: run the specs through `npm run e2e` (global-setup.ts)');
    await use(url);
  },

  expectAccessible: async ({ page }, use) => {
    await use((target = page) => assertAccessible(target));
  },

  pageGuards: [
    async ({ page }, use, testInfo) => {
      const problems: string[] = [];
      page.on('console', (msg) => {
        if (msg.type() === 'error' && msg.text().includes('Content Security Policy')) problems.push(`CSP: ${msg.text()}`);
      });
      page.on('pageerror', (err) => problems.push(`uncaught: ${err.message}`));

      await use(undefined);

      // A test that already failed keeps its own error; a second one would only hide it.
      if (testInfo.status !== testInfo.expectedStatus) return;
      expect(problems, 'the page logged CSP violations or threw').toEqual([]);
      if (page.url().startsWith('http')) await assertAccessible(page);
    },
    { auto: true },
  ],
});
