import '@testing-library/jest-dom/vitest';

// Testing Library unmounts after each test by itself (vitest globals); the theme lives
// outside React, so reset it too: every test starts with no stored or pinned theme.
afterEach(() => {
  localStorage.clear();
  document.documentElement.removeAttribute('data-theme');
});

// jsdom has no matchMedia; a light-scheme stand-in with just what theme.ts uses.
window.matchMedia = (query: string) =>
  ({
    matches: false,
    media: query,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
  }) as unknown as MediaQueryList;
