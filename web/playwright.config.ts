import { defineConfig } from '@playwright/test';
import { chromiumArgs, chromiumPath } from './scripts/chromium.mjs';

const ci = process.env.CI === 'true';

/**
 * End-to-end tests in Debian's Chromium against a real `vouch serve` that global-setup.ts
 * starts (PostgreSQL, Redis, a fresh database per run). Playwright never downloads a
 * browser here: executablePath points at the system one.
 */
export default defineConfig({
  testDir: './e2e',
  // The server log sits beside this in test-results/; Playwright empties only outputDir.
  outputDir: './test-results/playwright',
  globalSetup: './e2e/global-setup.ts',
  // Two cores: two workers keep both busy while the server has room to answer.
  workers: 2,
  fullyParallel: true,
  forbidOnly: ci,
  // Generous: a spec signs in two or three people in their own browsers and runs axe on
  // each page, and two workers share two cores with the server, PostgreSQL and Redis.
  timeout: 90_000,
  expect: { timeout: 10_000 },
  reporter: ci ? [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]] : 'list',
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: { executablePath: chromiumPath(), args: chromiumArgs },
  },
  // Tests for one viewport carry a tag and are left out of the other project (rather
  // than skipped there, so every test listed is a test that ran).
  projects: [
    { name: 'desktop', grepInvert: /@phone-only/, use: { viewport: { width: 1280, height: 800 } } },
    {
      name: 'phone',
      grepInvert: /@desktop-only/,
      use: { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
    },
  ],
});
