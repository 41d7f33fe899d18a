import { useEffect, useId, useRef, useState } from 'react';
import { NavLink, useNavigate } from 'react-router';
import { errorMessage } from '../api/messages';
import { canManageApiKeys, canManageUsers, canSetOrgPolicy, isPlatformAdmin, isPlatformStaff } from '../session/roles';
import { useSession } from '../session/session';
import { ThemeToggle } from '../theme/ThemeToggle';

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
          {me && (
            <li>
              <NavLink to="/account" className="site-nav__link" onClick={close}>
                Account
              </NavLink>
            </li>
          )}
          {me && canManageUsers(me.roles) && (
            <li>
              <NavLink to="/admin/users" className="site-nav__link" onClick={close}>
                Users
              </NavLink>
            </li>
          )}
          {me && canManageUsers(me.roles) && (
            <li>
              <NavLink to="/admin/recoveries" className="site-nav__link" onClick={close}>
                Recoveries
              </NavLink>
            </li>
          )}
          {me && isPlatformStaff(me.roles) && (
            <li>
              <NavLink to="/admin/approvals" className="site-nav__link" onClick={close}>
                Approvals
              </NavLink>
            </li>
          )}
          {me && canManageUsers(me.roles) && (
            <li>
              <NavLink to="/admin/audit" className="site-nav__link" onClick={close}>
                Audit log
              </NavLink>
            </li>
          )}
          {me && isPlatformAdmin(me.roles) && (
            <li>
              <NavLink to="/admin/ip-rules" className="site-nav__link" onClick={close}>
                IP rules
              </NavLink>
            </li>
          )}
          {me && isPlatformStaff(me.roles) && (
            <li>
              <NavLink to="/admin/ip-blocks" className="site-nav__link" onClick={close}>
                Blocked addresses
              </NavLink>
            </li>
          )}
          {me && canManageApiKeys(me.roles) && (
            <li>
              <NavLink to="/admin/api-keys" className="site-nav__link" onClick={close}>
                API keys
              </NavLink>
            </li>
          )}
          {me && canSetOrgPolicy(me.roles) && (
            <li>
              <NavLink to="/admin/security" className="site-nav__link" onClick={close}>
                Security
              </NavLink>
            </li>
          )}
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
