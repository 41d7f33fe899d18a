import { useEffect, useState } from 'react';
import { onSystemThemeChange, saveTheme, storedTheme, systemTheme, type Theme } from './theme';
import './ThemeToggle.css';

/**
 * A toggle button for the dark theme. Until a person presses it the page follows the
 * system setting (and this button follows along); once pressed, the choice is kept.
 */
export function ThemeToggle() {
  const [theme, setTheme] = useState<Theme>(() => storedTheme() ?? systemTheme());

  useEffect(
    () =>
      onSystemThemeChange(() => {
        if (!storedTheme()) setTheme(systemTheme());
      }),
    [],
  );

  const dark = theme === 'dark';
  return (
    <button
      type="button"
      className="theme-toggle"
      aria-pressed={dark}
      onClick={() => {
        const next: Theme = dark ? 'light' : 'dark';
        saveTheme(next);
        setTheme(next);
      }}
    >
      <span aria-hidden="true" className="theme-toggle__icon">
        {dark ? '☾' : '☀'}
      </span>
      Dark theme
    </button>
  );
}
