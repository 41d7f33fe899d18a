import { useRef, useState, type SubmitEvent } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { login } from '../api/auth';
import { useApi } from '../api/context';
import { errorMessage, fieldMessage } from '../api/messages';
import { ApiError } from '../api/problem';
import { Alert } from '../components/Alert';
import { Button } from '../components/Button';
import { TextField } from '../components/TextField';
import { Page } from '../layout/Page';
import { homeAfterSignIn, safeNextPath } from '../session/redirect';
import { useSession } from '../session/session';
import { emailError, emailLabel } from './email';
import { useNotice } from './notice';
import './SignIn.css';

interface FieldErrors {
  email?: string | undefined;
  password?: string | undefined;
}

type Outcome = { kind: 'idle' } | { kind: 'busy' } | { kind: 'failed'; message: string } | { kind: 'passkey' };

const fieldLabels = { email: emailLabel, password: 'Password' } as const;

function validate(email: string, password: string): FieldErrors {
  const errors: FieldErrors = {};
  const wrongEmail = emailError(email);
  if (wrongEmail) errors.email = wrongEmail;
  if (!password) errors.password = 'Enter your password.';
  return errors;
}

/** Field errors the server attached to its problem, for the fields this form has. */
function serverFieldErrors(err: ApiError): FieldErrors {
  const errors: FieldErrors = {};
  for (const { field, message } of err.problem.errors ?? []) {
    if (field === 'email' || field === 'password') errors[field] = fieldMessage(field, fieldLabels[field], message);
  }
  return errors;
}

/**
 * Email and password sign-in. Afterwards: the forced-reset page when the server says a
 * new password is due, else the `?next=` page when it is a path on this site, else the
 * account page. Someone already signed in goes straight on. A notice left by the page
 * before (a password just reset) shows until the form is sent.
 */
export function SignIn() {
  const api = useApi();
  const session = useSession();
  const navigate = useNavigate();
  const notice = useNotice();
  const [params] = useSearchParams();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });
  const emailInput = useRef<HTMLInputElement>(null);
  const passwordInput = useRef<HTMLInputElement>(null);
  const busy = outcome.kind === 'busy';
  const next = safeNextPath(params.get('next')) ?? homeAfterSignIn;

  if (session.me && outcome.kind !== 'busy') {
    return <Navigate to={session.me.must_change_password ? '/change-password' : next} replace />;
  }

  async function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    // The button stays enabled (disabling it would drop keyboard focus), so guard here.
    if (busy) return;
    const errors = validate(email, password);
    setFieldErrors(errors);
    if (errors.email || errors.password) {
      (errors.email ? emailInput : passwordInput).current?.focus();
      setOutcome({ kind: 'idle' });
      return;
    }
    setOutcome({ kind: 'busy' });
    try {
      const result = await login(api, { email: email.trim(), password });
      if (result.next === 'passkey') {
        // Passkey sign-in is not part of this page yet: say so instead of half signing in.
        setOutcome({ kind: 'passkey' });
        return;
      }
      session.signedIn(result.user);
      void navigate(result.next === 'change_password' ? '/change-password' : next, { replace: true });
    } catch (err) {
      if (!(err instanceof ApiError)) {
        setOutcome({ kind: 'failed', message: errorMessage(err) });
        // A bug, not an answer from the server: let it reach the console.
        throw err;
      }
      const fromServer = serverFieldErrors(err);
      setFieldErrors(fromServer);
      setOutcome({ kind: 'failed', message: errorMessage(err) });
      if (fromServer.email) emailInput.current?.focus();
      else if (fromServer.password) passwordInput.current?.focus();
    }
  }

  return (
    <Page title="Sign in">
      <div className="sign-in">
        {notice && outcome.kind === 'idle' && <Alert tone="success" title={notice} />}
        {outcome.kind === 'failed' && (
          <Alert tone="error" title="Sign-in failed">
            <p>{outcome.message}</p>
          </Alert>
        )}
        {outcome.kind === 'passkey' && (
          <Alert tone="info" title="Confirm with your passkey to finish signing in">
            <p>
              Your account asks for a passkey as well as the password. Passkey sign-in is not available on this page
              yet; use the Vouch desktop app, or ask your administrator.
            </p>
          </Alert>
        )}
        <form className="sign-in__form" noValidate onSubmit={(event) => void submit(event)}>
          <p className="sign-in__help">Use the email address your invitation was sent to.</p>
          <TextField
            ref={emailInput}
            label={fieldLabels.email}
            name="email"
            type="email"
            inputMode="email"
            autoComplete="username"
            spellCheck={false}
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            error={fieldErrors.email}
          />
          <TextField
            ref={passwordInput}
            label={fieldLabels.password}
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={fieldErrors.password}
          />
          <Button type="submit" aria-busy={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </Button>
        </form>
        <p className="sign-in__forgot">
          {/* The e-mail typed so far goes along in history state, never in the address. */}
          <Link to="/forgot-password" state={emailError(email) ? undefined : { email: email.trim() }}>
            Forgot your password?
          </Link>
        </p>
      </div>
    </Page>
  );
}
