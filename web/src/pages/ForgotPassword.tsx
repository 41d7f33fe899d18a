import { useEffect, useRef, useState, type SubmitEvent } from 'react';
import { Link, useLocation } from 'react-router';
import { requestPasswordReset } from '../api/auth';
import { useApi } from '../api/context';
import { errorMessage, fieldMessage } from '../api/messages';
import { ApiError } from '../api/problem';
import { Alert } from '../components/Alert';
import { Button } from '../components/Button';
import { TextField } from '../components/TextField';
import { Page } from '../layout/Page';
import { emailError, emailLabel } from './email';
import './forms.css';

/** How long a reset link works (the server's ResetLinkTTL). */
export const resetLinkMinutes = 30;

type Outcome =
  | { kind: 'idle' }
  | { kind: 'busy' }
  | { kind: 'failed'; message: string; rateLimited: boolean }
  | { kind: 'sent'; email: string };

/** The e-mail the sign-in page passed along in history state, if any. */
function useEmailFromSignIn(): string {
  const { state } = useLocation() as { state: unknown };
  if (typeof state === 'object' && state !== null && 'email' in state && typeof state.email === 'string') return state.email;
  return '';
}

/**
 * What the page says once the request was taken. It never says whether the address has
 * an account: the server answers the same either way, so nobody can probe for accounts.
 */
function Sent({ email, onAgain }: { email: string; onAgain: () => void }) {
  return (
    <>
      <Alert tone="success">
        <p>
          If <strong className="forgot__email">{email}</strong> belongs to a Vouch account, we have sent a link to
          choose a new password to that address.
        </p>
      </Alert>
      <ul className="forgot__hints">
        <li>The link works once, for {resetLinkMinutes} minutes.</li>
        <li>It can take a few minutes to arrive. If you can&rsquo;t find it, check your spam or junk folder.</li>
        <li>Nothing after that? Check the address for typos and ask again, or contact your administrator.</li>
      </ul>
      <div className="form__actions">
        <Button variant="secondary" onClick={onAgain}>
          Send another link
        </Button>
        <Link to="/sign-in">Back to sign in</Link>
      </div>
    </>
  );
}

/**
 * "Forgot your password?": asks for an e-mailed reset link. After sending, the heading
 * becomes "Check your e-mail" and takes focus, so a screen reader announces the new state.
 */
export function ForgotPassword() {
  const api = useApi();
  const fromSignIn = useEmailFromSignIn();
  const [email, setEmail] = useState(fromSignIn);
  const [fieldError, setFieldError] = useState<string>();
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });
  const heading = useRef<HTMLHeadingElement>(null);
  const emailInput = useRef<HTMLInputElement>(null);
  // Where focus goes once the view has changed in place: the new heading, or back to the
  // field. A new object per request, so asking twice focuses twice.
  const [focusRequest, setFocusRequest] = useState<{ target: 'heading' | 'email' }>();
  const busy = outcome.kind === 'busy';

  useEffect(() => {
    if (focusRequest?.target === 'heading') heading.current?.focus();
    else if (focusRequest?.target === 'email') emailInput.current?.focus();
  }, [focusRequest]);

  async function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const wrong = emailError(email);
    setFieldError(wrong);
    if (wrong) {
      setOutcome({ kind: 'idle' });
      emailInput.current?.focus();
      return;
    }
    setOutcome({ kind: 'busy' });
    const address = email.trim();
    try {
      await requestPasswordReset(api, { email: address });
    } catch (err) {
      if (!(err instanceof ApiError)) {
        setOutcome({ kind: 'failed', message: errorMessage(err), rateLimited: false });
        throw err;
      }
      const fromServer = err.problem.errors?.find((e) => e.field === 'email');
      setFieldError(fromServer ? fieldMessage('email', emailLabel, fromServer.message) : undefined);
      setOutcome({ kind: 'failed', message: errorMessage(err), rateLimited: err.code === 'rate_limited' });
      if (fromServer) emailInput.current?.focus();
      return;
    }
    setOutcome({ kind: 'sent', email: address });
    setFocusRequest({ target: 'heading' });
  }

  function again() {
    setOutcome({ kind: 'idle' });
    setFocusRequest({ target: 'email' });
  }

  if (outcome.kind === 'sent') {
    return (
      <Page title="Check your e-mail" headingRef={heading}>
        <div className="narrow">
          <Sent email={outcome.email} onAgain={again} />
        </div>
      </Page>
    );
  }

  return (
    <Page title="Reset your password" headingRef={heading}>
      <div className="narrow">
        {outcome.kind === 'failed' && (
          <Alert tone="error" title="The link was not sent">
            <p>{outcome.message}</p>
            {outcome.rateLimited && (
              <p>A link sent earlier still works for {resetLinkMinutes} minutes: look for it in your inbox and spam folder.</p>
            )}
          </Alert>
        )}
        <p>
          Enter the email address you sign in with. We will e-mail you a link to choose a new password; the link works
          for {resetLinkMinutes} minutes.
        </p>
        <form className="form" noValidate onSubmit={(event) => void submit(event)}>
          <TextField
            ref={emailInput}
            label={emailLabel}
            name="email"
            type="email"
            inputMode="email"
            autoComplete="username"
            spellCheck={false}
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            error={fieldError}
          />
          <div className="form__actions">
            <Button type="submit" aria-busy={busy}>
              {busy ? 'Sending…' : 'Send reset link'}
            </Button>
            <Link to="/sign-in">Back to sign in</Link>
          </div>
        </form>
      </div>
    </Page>
  );
}
