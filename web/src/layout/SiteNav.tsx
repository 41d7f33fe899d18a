import { useEffect, useId, useRef, useState } from 'react';
import { NavLink, useNavigate } from 'react-router';
import type { Role } from '../api/auth';
import { errorMessage } from '../api/messages';
import {
  canManageApiKeys,
  canManageUsers,
  canReviewSuppliers,
  canSetOrgPolicy,
  isPlatformAdmin,
  isPlatformStaff,
  isSupplierUser,
} from '../session/roles';
import { useSession } from '../session/session';
import { ThemeToggle } from '../theme/ThemeToggle';

/** The links of a signed-in person, in order; each shows for the roles it admits (the server checks again). */
const signedInLinks: readonly { to: string; label: string; shows: (roles: readonly Role[]) => boolean }[] = [
  { to: '/onboarding', label: 'Onboarding', shows: isSupplierUser },
  { to: '/bank-accounts', label: 'Bank accounts', shows: isSupplierUser },
  { to: '/account', label: 'Account', shows: () => true },
  { to: '/invitations', label: 'Suppliers', shows: canReviewSuppliers },
  { to: '/reviews', label: 'Reviews', shows: canReviewSuppliers },
  { to: '/alerts', label: 'Alerts', shows: canReviewSuppliers },
  { to: '/admin/users', label: 'Users', shows: canManageUsers },
  { to: '/admin/recoveries', label: 'Recoveries', shows: canManageUsers },
  { to: '/admin/approvals', label: 'Approvals', shows: isPlatformStaff },
  { to: '/admin/audit', label: 'Audit log', shows: canManageUsers },
  { to: '/admin/ip-rules', label: 'IP rules', shows: isPlatformAdmin },
  { to: '/admin/ip-blocks', label: 'Blocked addresses', shows: isPlatformStaff },
  { to: '/admin/api-keys', label: 'API keys', shows: canManageApiKeys },
  { to: '/admin/security', label: 'Security', shows: canSetOrgPolicy },
];

/**
 * The site navigation, with who is signed in. On phones it hides behind a disclosure
 * button (aria-expanded, aria-controls); from 48em up the CSS shows it always and hides
 * the button.
 */
export function SiteNav() {
  const navId = useId();
  const [open, setOpen] = useState(false);
  const [signOutError, setSignOutError] = useState<string>();
  const button = useRef<HTMLButtonElement>(null);
  const session = useSession();
  const navigate = useNavigate();
  const { me } = session;
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

  async function signOut() {
    setSignOutError(undefined);
    try {
      await session.signOut();
    } catch (err) {
      setSignOutError(`Sign-out failed. ${errorMessage(err)}`);
      return;
    }
    setOpen(false);
    void navigate('/', { state: { signedOut: true } });
  }

  // Until /me answers, neither "Sign in" nor an e-mail: one of them would be wrong.
  const loading = session.state.status === 'loading';
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
          {me &&
            signedInLinks
              .filter((link) => link.shows(me.roles))
              .map((link) => (
                <li key={link.to}>
                  <NavLink to={link.to} className="site-nav__link" onClick={close}>
                    {link.label}
                  </NavLink>
                </li>
              ))}
          {!me && !loading && (
            <li>
              <NavLink to="/sign-in" className="site-nav__link" onClick={close}>
                Sign in
              </NavLink>
            </li>
          )}
        </ul>
        {me && (
          <div className="site-nav__session">
            <span className="site-nav__who">
              <span className="visually-hidden">Signed in as </span>
              <span className="site-nav__email" title={me.email}>
                {me.email}
              </span>
            </span>
            <button type="button" className="site-nav__sign-out" onClick={() => void signOut()}>
              Sign out
            </button>
            {signOutError && (
              <p role="alert" className="site-nav__error">
                {signOutError}
              </p>
            )}
          </div>
        )}
        <ThemeToggle />
      </nav>
    </>
  );
}
