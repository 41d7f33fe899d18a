/**
 * The `test` every spec uses. On top of Playwright's it:
 * - points baseURL at the server global-setup.ts started;
 * - fails a test whose page broke the Content Security Policy or threw an uncaught error;
 * - runs axe on the page a test ends on, and gives `expectAccessible` for the pages it
 *   passes through: no serious or critical violation may be found;
 * - gives `newPage` for a second person in the same test (another browser context, with
 *   the project's viewport and the same guards);
 * - sends every request with an X-Forwarded-For address of its own per test (and per
 *   `newPage`), which the server trusts from the loopback (harness/server.ts): rate limits
 *   per client address then never couple parallel tests.
 * ESLint refuses specs that import from @playwright/test directly.
 */
import AxeBuilder from '@axe-core/playwright';
import { randomInt } from 'node:crypto';
import { test as base, expect, type Browser, type Page } from '@playwright/test';

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

/** An address from 198.18.0.0/15 (RFC 2544, benchmarking): never a real client. */
function testClientAddress(): string {
  return `198.${18 + randomInt(2)}.${randomInt(256)}.${1 + randomInt(254)}`;
}

/** Collects CSP violations and uncaught errors of a page into problems. */
function watch(page: Page, problems: string[]): void {
  page.on('console', (msg) => {
    if (msg.type() === 'error' && msg.text().includes('Content Security Policy')) problems.push(`CSP: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`uncaught: ${err.message}`));
}

interface Fixtures {
  /** Runs axe on the page as it is now; call it on every state worth checking. */
  expectAccessible: (page?: Page) => Promise<void>;
  /** Automatic: watches the page for CSP violations and errors, and checks the last page. */
  pageGuards: undefined;
  /**
   * A page in a fresh browser context (its own cookies: another person), sized like the
   * project's. Guarded like `page`; closed after the test.
   */
  newPage: () => Promise<Page>;
}

type ContextOptions = Parameters<Browser['newContext']>[0];

export const test = base.extend<Fixtures>({
  // Playwright reads the fixtures a function needs from its first parameter's pattern.
  // eslint-disable-next-line no-empty-pattern
  baseURL: async ({}, use) => {
    const url = process.env.VOUCH_E2E_BASE_URL;
    if (!url) throw new Error('VOUCH_E2E_BASE_URL is unset: run the specs through `npm run e2e` (global-setup.ts)');
    await use(url);
  },

  extraHTTPHeaders: async ({ extraHTTPHeaders }, use) => {
    await use({ ...extraHTTPHeaders, 'X-Forwarded-For': testClientAddress() });
  },

  expectAccessible: async ({ page }, use) => {
    await use((target = page) => assertAccessible(target));
  },

  newPage: async ({ browser, baseURL, viewport, isMobile, hasTouch, deviceScaleFactor, colorScheme }, use, testInfo) => {
    const options: ContextOptions = { viewport, isMobile, hasTouch, deviceScaleFactor, colorScheme };
    if (baseURL) options.baseURL = baseURL;
    options.extraHTTPHeaders = { 'X-Forwarded-For': testClientAddress() };
    const contexts: Awaited<ReturnType<Browser['newContext']>>[] = [];
    const problems: string[] = [];
    await use(async () => {
      const context = await browser.newContext(options);
      contexts.push(context);
      const page = await context.newPage();
      watch(page, problems);
      return page;
    });
    try {
      if (testInfo.status === testInfo.expectedStatus) expect(problems, 'a second page logged CSP violations or threw').toEqual([]);
    } finally {
      for (const context of contexts) await context.close();
    }
  },

  pageGuards: [
    async ({ page }, use, testInfo) => {
      const problems: string[] = [];
      watch(page, problems);

      await use(undefined);

      // A test that already failed keeps its own error; a second one would only hide it.
      if (testInfo.status !== testInfo.expectedStatus) return;
      expect(problems, 'the page logged CSP violations or threw').toEqual([]);
      if (page.url().startsWith('http')) await assertAccessible(page);
    },
    { auto: true },
  ],
});
