import { useLocation } from 'react-router';
import { Alert } from '../components/Alert';
import { ButtonLink } from '../components/Button';
import { Card } from '../components/Card';
import { Page } from '../layout/Page';
import { useSession } from '../session/session';
import './Landing.css';

const audiences = [
  {
    title: 'Suppliers',
    text: 'Accept an invitation, fill in your business profile and tax details once, pass KYC and verify the bank account you want to be paid into in seconds. See where you stand with every customer.',
  },
  {
    title: 'Customer admins',
    text: 'Invite one supplier or a file of thousands, review and approve them with verification and screening results at hand, and pre-check every payment before it leaves.',
  },
  {
    title: 'Support staff',
    text: 'Find a user, unlock an account, send a reset link or revoke passkeys and sessions, always with a reason and an audit trail, never seeing a full account number or password.',
  },
];

const features = [
  {
    title: 'Instant bank verification',
    text: 'Routing numbers checked against the Federal Reserve directory and account ownership confirmed on the spot, with micro-deposits as the fallback.',
  },
  {
    title: 'KYC and screening',
    text: 'Business details cleansed and checked, owners screened against sanctions lists, and a clear status for every review.',
  },
  {
    title: 'Passkeys',
    text: 'Sign in with your device instead of a password that can be phished; a second factor that is also the easy one.',
  },
  {
    title: 'High-risk payment alerts',
    text: 'Payments to changed or unverified accounts are scored and flagged live, before the money moves.',
  },
];

/** The front door: what Vouch does, for whom, and the way in. */
export function Landing() {
  const { me } = useSession();
  const { state } = useLocation() as { state: unknown };
  const signedOut = typeof state === 'object' && state !== null && 'signedOut' in state && !me;
  return (
    <Page title="Pay suppliers safely. Get paid on time." documentTitle="Vouch · Supplier portal">
      {signedOut && <Alert tone="success" title="You have signed out." />}
      <p className="landing__lead">
        Vouch is the self-service portal of your payments network: suppliers onboard themselves and prove
        their bank details, customers approve them and catch risky payments before they are sent.
      </p>
      <div className="landing__actions">
        {me ? <ButtonLink to="/account">Go to your account</ButtonLink> : <ButtonLink to="/sign-in">Sign in</ButtonLink>}
      </div>

      <section aria-labelledby="audiences" className="landing__section">
        <h2 id="audiences">One portal, three roles</h2>
        <div className="landing__grid">
          {audiences.map((a) => (
            <Card key={a.title} title={a.title} level={3}>
              <p>{a.text}</p>
            </Card>
          ))}
        </div>
      </section>

      <section aria-labelledby="features" className="landing__section">
        <h2 id="features">What keeps payments safe</h2>
        <ul className="landing__features">
          {features.map((f) => (
            <li key={f.title}>
              <h3>{f.title}</h3>
              <p>{f.text}</p>
            </li>
          ))}
        </ul>
      </section>
    </Page>
  );
}
