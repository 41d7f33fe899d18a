import { useEffect, useRef } from 'react';
import { Outlet, useLocation } from 'react-router';
import { SiteNav } from './SiteNav';
import { SkipLink } from './SkipLink';
import { Wordmark } from './Wordmark';
import './Layout.css';

const mainId = 'main';

/**
 * Moves focus to the new page's heading after a client-side navigation, which a screen
 * reader then reads, as it would after a full page load. The first render is left alone
 * so a fresh load starts at the top as usual. Keyed on the history entry, not the path:
 * signing out on the home page navigates to the same path, and focus must still leave
 * the button that disappeared.
 */
function useFocusHeadingOnNavigate() {
  const { key } = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    document.querySelector<HTMLElement>(`#${mainId} h1`)?.focus();
  }, [key]);
}

/** The page frame: skip link, header with wordmark and navigation, main, footer. */
export function Layout() {
  useFocusHeadingOnNavigate();
  return (
    <div className="layout">
      <SkipLink target={mainId} />
      <header className="site-header">
        <div className="site-header__inner">
          <Wordmark />
          <SiteNav />
        </div>
      </header>
      <main id={mainId} className="site-main" tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="site-footer">
        <div className="site-footer__inner">
          <p>Vouch: supplier onboarding and payment safety for B2B payments networks.</p>
          <p>
            <a href="/api/v1/openapi.json">API reference (OpenAPI)</a>
          </p>
        </div>
      </footer>
    </div>
  );
}
