export type Theme = 'light' | 'dark';

/** localStorage key of the theme a person picked; absent means "follow the system". */
export const themeStorageKey = 'vouch-theme';

const darkQuery = '(prefers-color-scheme: dark)';

function isTheme(value: unknown): value is Theme {
  return value === 'light' || value === 'dark';
}

/** The picked theme, or null. Storage can throw (privacy modes, quotas): treat as unset. */
export function storedTheme(): Theme | null {
  try {
    const value = localStorage.getItem(themeStorageKey);
    return isTheme(value) ? value : null;
  } catch {
    return null;
  }
}

export function systemTheme(): Theme {
  return window.matchMedia(darkQuery).matches ? 'dark' : 'light';
}

/** Pins the theme on <html> (tokens.css reads data-theme), or follows the system on null. */
export function applyTheme(theme: Theme | null): void {
  if (theme) {
    document.documentElement.dataset.theme = theme;
  } else {
    delete document.documentElement.dataset.theme;
  }
}

/** Remembers and applies a picked theme. */
export function saveTheme(theme: Theme): void {
  try {
    localStorage.setItem(themeStorageKey, theme);
  } catch {
    // Not remembered across visits, but still applied to this page below.
  }
  applyTheme(theme);
}

/** Calls back when the system theme changes; returns the unsubscribe function. */
export function onSystemThemeChange(callback: () => void): () => void {
  const query = window.matchMedia(darkQuery);
  query.addEventListener('change', callback);
  return () => {
    query.removeEventListener('change', callback);
  };
}
