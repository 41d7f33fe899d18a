import { useEffect, useRef, useState, type SubmitEvent } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { login, logout, type LoginResult, type Me } from '../api/auth';
import { useApi } from '../api/context';
import { errorMessage, fieldMessage } from '../api/messages';
import { ApiError } from '../api/problem';
import { Alert } from '../components/Alert';
import { Button } from '../components/Button';
import { TextField } from '../components/TextField';
import { Page } from '../layout/Page';
import {
  PasskeyError,
  passkeyAutofillSupported,
  passkeyFailureMessage,
  passkeysSupported,
  signInWithPasskey,
} from '../passkeys/webauthn';
import { homeAfterSignIn, safeNextPath } from '../session/redirect';
import { useSession } from '../session/session';
import { emailError, emailLabel } from './email';
import { useNotice } from './notice';
import { PasskeySetup } from './PasskeySetup';
import { SecondFactor } from './SecondFactor';
import './SignIn.css';

interface FieldErrors {
  email?: string | undefined;
  password?: string | undefined;
}

type Outcome =
  | { kind: 'idle' }
  | { kind: 'busy'; via: 'password' | 'passkey' }
  | { kind: 'failed'; message: string };

/** The second step a password sign-in still owes (docs/decisions/0016-second-factor.md). */
interface PendingStep {
  next: 'passkey' | 'passkey_setup';
  me: Me;
}

const stepTitles: Record<PendingStep['next'], string> = {
  passkey: 'Confirm it’s you with your passkey',
  passkey_setup: 'Create a passkey to continue',
};

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

/** The sentence for a failed passkey sign-in, whichever half failed. */
function passkeySignInMessage(err: unknown): string {
  return err instanceof PasskeyError ? passkeyFailureMessage(err, 'sign-in') : errorMessage(err);
}

/**
 * Email and password sign-in, and passkey sign-in: a button (discoverable, no e-mail
 * needed) and, where the browser offers it, passkeys in the e-mail field's autofill (a
 * waiting conditional request, aborted when the password form is sent or the page
 * left). Afterwards, either way: the forced-reset page when the server says a
 * new password is due, else the `?next=` page when it is a path on this site, else the
 * account page. Someone already signed in goes straight on. A notice left by the page
 * before (a password just reset) shows until the form is sent.
 *
 * When the account requires a passkey after the password, the page moves on to that
 * step (prove a passkey, or create the first one) before anything else; a reload in the
 * middle resumes it, since GET /me names the step the session still owes.
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
  const [step, setStep] = useState<PendingStep>();
  const heading = useRef<HTMLHeadingElement>(null);
  const emailInput = useRef<HTMLInputElement>(null);
  const passwordInput = useRef<HTMLInputElement>(null);
  const busy = outcome.kind === 'busy';
  const next = safeNextPath(params.get('next')) ?? homeAfterSignIn;
  const canUsePasskeys = passkeysSupported();
  // The waiting autofill request, if any: aborted by the password form, the passkey
  // button, or leaving the page.
  const autofill = useRef<AbortController>(undefined);
  // The latest finish(), for the autofill request that outlives renders.
  const finishRef = useRef<(result: LoginResult) => void>(undefined);

  /** What a sign-in's answer leads to, whichever way the person signed in. */
  function finish(result: LoginResult) {
    if (result.next === 'passkey' || result.next === 'passkey_setup') {
      setOutcome({ kind: 'idle' });
      setStep({ next: result.next, me: result.user });
      return;
    }
    session.signedIn(result.user);
    void navigate(result.next === 'change_password' ? '/change-password' : next, { replace: true });
  }

  /** The passkey was created: the session is complete, whatever comes next. */
  function setupDone(me: Me) {
    session.signedIn(me);
    void navigate(me.must_change_password ? '/change-password' : next, { replace: true });
  }

  /** Back to the form: the half-finished session ends (best effort; it expires anyway). */
  async function restart() {
    try {
      await logout(api);
    } catch {
      // Offline or the server is away: the session dies with its idle timeout.
    }
    setStep(undefined);
    setPassword('');
    setOutcome({ kind: 'idle' });
    session.expired();
  }

  const resumed = session.me?.pending_step ? { next: session.me.pending_step, me: session.me } : undefined;
  const pending = step ?? resumed;
  // A new step is a new page in all but address: its heading takes focus.
  const pendingNext = pending?.next;
  useEffect(() => {
    if (pendingNext) heading.current?.focus();
  }, [pendingNext]);
  useEffect(() => {
    finishRef.current = finish;
  });

  useEffect(() => {
    if (!passkeysSupported()) return undefined;
    const controller = new AbortController();
    autofill.current = controller;
    // A function, so TypeScript does not take the first check's answer as the last.
    const stopped = () => controller.signal.aborted;
    void (async () => {
      if (!(await passkeyAutofillSupported()) || stopped()) return;
      try {
        const result = await signInWithPasskey(api, { autofill: true, signal: controller.signal });
        setOutcome({ kind: 'busy', via: 'passkey' });
        finishRef.current?.(result);
      } catch (err) {
        // Aborted on purpose, or dismissed: nothing to say.
        if (stopped() || (err instanceof PasskeyError && (err.reason === 'aborted' || err.reason === 'cancelled'))) {
          return;
        }
        setOutcome({ kind: 'failed', message: passkeySignInMessage(err) });
        if (!(err instanceof ApiError || err instanceof PasskeyError)) throw err;
      }
    })();
    return () => controller.abort();
  }, [api]);

  if (pending) {
    return (
      <Page title={stepTitles[pending.next]} headingRef={heading}>
        {pending.next === 'passkey' ? (
          <SecondFactor email={pending.me.email} onDone={finish} onRestart={() => void restart()} />
        ) : (
          <PasskeySetup me={pending.me} onDone={setupDone} onRestart={() => void restart()} />
        )}
      </Page>
    );
  }

  if (session.me && outcome.kind !== 'busy') {
    return <Navigate to={session.me.must_change_password ? '/change-password' : next} replace />;
  }

  async function passkeySignIn() {
    if (busy) return;
    autofill.current?.abort();
    setFieldErrors({});
    setOutcome({ kind: 'busy', via: 'passkey' });
    try {
      finish(await signInWithPasskey(api));
    } catch (err) {
      setOutcome({ kind: 'failed', message: passkeySignInMessage(err) });
      if (!(err instanceof ApiError || err instanceof PasskeyError)) throw err;
    }
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
    autofill.current?.abort();
    setOutcome({ kind: 'busy', via: 'password' });
    try {
      finish(await login(api, { email: email.trim(), password }));
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
        <form className="sign-in__form" noValidate onSubmit={(event) => void submit(event)}>
          <p className="sign-in__help">Use the email address your invitation was sent to.</p>
          <TextField
            ref={emailInput}
            label={fieldLabels.email}
            name="email"
            type="email"
            inputMode="email"
            autoComplete="username webauthn"
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
          <Button type="submit" aria-busy={outcome.kind === 'busy' && outcome.via === 'password'}>
            {outcome.kind === 'busy' && outcome.via === 'password' ? 'Signing in…' : 'Sign in'}
          </Button>
        </form>
        {canUsePasskeys && (
          <div className="sign-in__passkey">
            <p className="sign-in__or">or</p>
            <Button
              variant="secondary"
              aria-busy={outcome.kind === 'busy' && outcome.via === 'passkey'}
              onClick={() => void passkeySignIn()}
            >
              {outcome.kind === 'busy' && outcome.via === 'passkey' ? 'Waiting for your passkey…' : 'Sign in with a passkey'}
            </Button>
            <p className="sign-in__help">No e-mail or password needed: your device asks for your fingerprint, face or PIN.</p>
          </div>
        )}
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
