import { useEffect, useId, useRef, useState } from 'react';
import { NavLink } from 'react-router';
import { ThemeToggle } from '../theme/ThemeToggle';

/**
 * The site navigation. On phones it hides behind a disclosure button (aria-expanded,
 * aria-controls); from 48em up the CSS shows it always and hides the button.
 */
export function SiteNav() {
  const navId = useId();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  // A link followed from the open menu lands on a new page: close the menu there.
  const close = () => setOpen(false);

  useEffect(() => {
    if (!open) return undefined;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpen(false);
      // Focus would otherwise stay on a link that just disappeared.
      button.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open]);

  return (
    <>
      <button
        ref={button}
        type="button"
        className="menu-button"
        aria-expanded={open}
        aria-controls={navId}
        onClick={() => setOpen((was) => !was)}
      >
        <svg className="menu-button__icon" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
          <path d={open ? 'M4 4l12 12M16 4L4 16' : 'M3 5h14M3 10h14M3 15h14'} />
        </svg>
        Menu
      </button>
      <nav id={navId} className="site-nav" aria-label="Main" data-open={open}>
        <ul className="site-nav__list">
          <li>
            <NavLink to="/" end className="site-nav__link" onClick={close}>
              Home
            </NavLink>
          </li>
          <li>
            <NavLink to="/sign-in" className="site-nav__link" onClick={close}>
              Sign in
            </NavLink>
          </li>
        </ul>
        <ThemeToggle />
      </nav>
    </>
  );
}
