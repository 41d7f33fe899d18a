import { useEffect } from 'react';
import { Link, useLocation } from 'react-router';
import type { Me } from '../api/auth';
import { Alert } from '../components/Alert';
import { Page } from '../layout/Page';
import { useSignedIn } from '../session/gate';
import { canManageUsers, isSupplierUser, roleLabel } from '../session/roles';
import { useNotice } from './notice';
import { Passkeys } from './Passkeys';
import { RecoveryBanner } from './RecoveryBanner';
import { Devices } from './Devices';
import { Sessions } from './Sessions';
import './Account.css';
import './forms.css';

const orgKinds = { customer: 'customer', supplier: 'supplier', platform: 'Vouch platform' } as const;

/** Platform staff belong to no customer or supplier: say whose they are instead. */
function noOrg(me: Me): string {
  return me.roles.some((role) => role === 'platform_admin' || role === 'support') ? 'Vouch (platform staff)' : 'None';
}

function AccountDetails({ me }: { me: Me }) {
  const { hash } = useLocation();
  // /account#passkeys (the onboarding's nudge): show that section, after the layout has
  // moved focus to the page's heading.
  useEffect(() => {
    if (hash !== '#passkeys') return undefined;
    const timer = setTimeout(() => document.getElementById('passkeys')?.scrollIntoView({ block: 'start' }), 0);
    return () => clearTimeout(timer);
  }, [hash]);
  const notice = useNotice();
  return (
    <>
      {notice && <Alert tone="success" title={notice} />}
      <RecoveryBanner />
      <p className="account__who">
        Signed in as <strong>{me.email}</strong>
        {me.name && <> ({me.name})</>}
      </p>
      <dl className="account__facts">
        <div>
          <dt>{me.roles.length === 1 ? 'Role' : 'Roles'}</dt>
          <dd>
            {me.roles.length ? (
              <ul className="account__roles">
                {me.roles.map((role) => (
                  <li key={role}>{roleLabel(role)}</li>
                ))}
              </ul>
            ) : (
              'No role yet'
            )}
          </dd>
        </div>
        <div>
          <dt>Organization</dt>
          <dd>{me.org ? `${me.org.name} (${orgKinds[me.org.kind]})` : noOrg(me)}</dd>
        </div>
      </dl>
      {isSupplierUser(me.roles) && (
        <>
          <h2>Getting paid</h2>
          <ul className="account__links">
            <li>
              <Link to="/onboarding">Your business details and review</Link>: what your customers check before they pay you
            </li>
            <li>
              <Link to="/bank-accounts">Bank accounts</Link>: where your customers' payments go
            </li>
          </ul>
        </>
      )}
      <h2>Security</h2>
      <ul className="account__links">
        <li>
          <Link to="/change-password">Change password</Link>
        </li>
        {canManageUsers(me.roles) && (
          <li>
            <Link to="/admin/users">Manage users</Link>
          </li>
        )}
      </ul>
      <Passkeys />
      <Sessions />
      <Devices />
    </>
  );
}

/** Who is signed in: e-mail, roles in plain words, organization, and the way to a new password. */
export function Account() {
  const gate = useSignedIn();
  return (
    <Page title="Your account">
      <div className="narrow">{gate.me ? <AccountDetails me={gate.me} /> : gate.content}</div>
    </Page>
  );
}
