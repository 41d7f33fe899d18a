import { useEffect, useRef, useState, type SubmitEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useApi } from '../api/context';
import { errorMessage, fieldMessage } from '../api/messages';
import { ApiError } from '../api/problem';
import { completeRecovery, requestRecovery, startRecovery } from '../api/recovery';
import { Alert } from '../components/Alert';
import { Button } from '../components/Button';
import { TextField } from '../components/TextField';
import { Page } from '../layout/Page';
import { emailError, emailLabel } from './email';
import { forgetTokenInAddressBar } from './ResetPassword';
import './forms.css';

/** How long a recovery link may start a recovery (the server's RecoveryLinkTTL). */
export const recoveryLinkMinutes = 60;

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short' });

/** A moment, readable, in a <time> element. */
export function Moment({ at }: { at: string }) {
  return <time dateTime={at}>{timeFormat.format(new Date(at))}</time>;
}

type RequestOutcome = { kind: 'idle' } | { kind: 'busy' } | { kind: 'failed'; message: string } | { kind: 'sent'; email: string };

/** No token: ask for a recovery link by e-mail. */
function RequestLink() {
  const api = useApi();
  const [email, setEmail] = useState('');
  const [fieldError, setFieldError] = useState<string>();
  const [outcome, setOutcome] = useState<RequestOutcome>({ kind: 'idle' });
  const heading = useRef<HTMLHeadingElement>(null);
  const emailInput = useRef<HTMLInputElement>(null);
  const busy = outcome.kind === 'busy';

  useEffect(() => {
    if (outcome.kind === 'sent') heading.current?.focus();
  }, [outcome.kind]);

  async function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const wrong = emailError(email);
    setFieldError(wrong);
    if (wrong) {
      emailInput.current?.focus();
      return;
    }
    setOutcome({ kind: 'busy' });
    const address = email.trim();
    try {
      await requestRecovery(api, address);
    } catch (err) {
      setOutcome({ kind: 'failed', message: errorMessage(err) });
      if (!(err instanceof ApiError)) throw err;
      const fromServer = err.problem.errors?.find((e) => e.field === 'email');
      if (fromServer) {
        setFieldError(fieldMessage('email', emailLabel, fromServer.message));
        emailInput.current?.focus();
      }
      return;
    }
    setOutcome({ kind: 'sent', email: address });
  }

  if (outcome.kind === 'sent') {
    return (
      <Page title="Check your e-mail" headingRef={heading}>
        <div className="narrow">
          <Alert tone="success">
            <p>
              If <strong className="forgot__email">{outcome.email}</strong> belongs to a Vouch account with passkeys, we
              have sent it a link to start the recovery.
            </p>
          </Alert>
          <ul className="forgot__hints">
            <li>Open the link within {recoveryLinkMinutes} minutes.</li>
            <li>It can take a few minutes to arrive. If you can&rsquo;t find it, check your spam or junk folder.</li>
            <li>
              Your account has no passkeys? Then you don&rsquo;t need this: <Link to="/forgot-password">reset your password</Link>{' '}
              instead.
            </li>
          </ul>
          <div className="form__actions">
            <Button variant="secondary" onClick={() => setOutcome({ kind: 'idle' })}>
              Send another link
            </Button>
            <Link to="/sign-in">Back to sign in</Link>
          </div>
        </div>
      </Page>
    );
  }

  return (
    <Page title="Lost your passkeys?" headingRef={heading}>
      <div className="narrow">
        {outcome.kind === 'failed' && (
          <Alert tone="error" title="The link was not sent">
            <p>{outcome.message}</p>
          </Alert>
        )}
        <p>
          If you lost every device that holds your passkeys, you can remove them and sign in with your password again.
          For your safety this takes a waiting period: your administrators are told, and anyone signed in to your
          account can cancel it.
        </p>
        <p>Still have one passkey? Sign in with it and manage your passkeys on your account page instead.</p>
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
              {busy ? 'Sending…' : 'E-mail me a recovery link'}
            </Button>
            <Link to="/sign-in">Back to sign in</Link>
          </div>
        </form>
      </div>
    </Page>
  );
}

type LinkState =
  | { kind: 'starting' }
  | { kind: 'waiting'; readyAt: string; ready: boolean; busy: boolean; failure?: string | undefined }
  | { kind: 'done' }
  | { kind: 'cancelled'; message: string }
  | { kind: 'unusable'; message: string }
  | { kind: 'failed'; message: string };

/** With a token: start (or show) the waiting period, then finish once it is over. */
function RecoveryLink({ token }: { token: string }) {
  const api = useApi();
  const [state, setState] = useState<LinkState>({ kind: 'starting' });
  const heading = useRef<HTMLHeadingElement>(null);

  function fromError(err: unknown): LinkState {
    if (err instanceof ApiError && err.code === 'recovery_cancelled') return { kind: 'cancelled', message: errorMessage(err) };
    if (err instanceof ApiError && err.code === 'recovery_link_invalid') return { kind: 'unusable', message: errorMessage(err) };
    return { kind: 'failed', message: errorMessage(err) };
  }

  useEffect(() => {
    let live = true;
    startRecovery(api, token).then(
      ({ ready_at }) => live && setState({ kind: 'waiting', readyAt: ready_at, ready: Date.now() >= Date.parse(ready_at), busy: false }),
      (err: unknown) => live && setState(fromError(err)),
    );
    return () => {
      live = false;
    };
  }, [api, token]);

  // The "Finish recovery" button appears by itself when the wait ends with the page open.
  const readyAt = state.kind === 'waiting' && !state.ready ? state.readyAt : undefined;
  useEffect(() => {
    if (!readyAt) return undefined;
    const wait = Math.min(Math.max(Date.parse(readyAt) - Date.now(), 0), 2 ** 31 - 1);
    const timer = setTimeout(() => setState((s) => (s.kind === 'waiting' ? { ...s, ready: true } : s)), wait);
    return () => clearTimeout(timer);
  }, [readyAt]);

  useEffect(() => {
    if (state.kind !== 'starting') heading.current?.focus();
  }, [state.kind]);

  async function finish() {
    if (state.kind !== 'waiting' || state.busy) return;
    setState({ ...state, busy: true, failure: undefined });
    try {
      await completeRecovery(api, token);
    } catch (err) {
      const next = fromError(err);
      if (next.kind === 'failed') setState({ ...state, busy: false, failure: next.message });
      else setState(next);
      if (!(err instanceof ApiError)) throw err;
      return;
    }
    setState({ kind: 'done' });
  }

  switch (state.kind) {
    case 'starting':
      return (
        <Page title="Recover your account">
          <p className="gate__loading">Starting the recovery…</p>
        </Page>
      );
    case 'done':
      return (
        <Page title="Your passkeys were removed" headingRef={heading}>
          <div className="narrow">
            <Alert tone="success">
              <p>Every passkey of your account was removed, and every device was signed out.</p>
            </Alert>
            <p>Sign in with your password, then add a passkey for the device you use now.</p>
            <div className="form__actions">
              <Link to="/sign-in">Sign in</Link>
            </div>
          </div>
        </Page>
      );
    case 'cancelled':
      return (
        <Page title="Recovery cancelled" headingRef={heading}>
          <div className="narrow">
            <Alert tone="error" title="This recovery was cancelled">
              <p>{state.message}</p>
            </Alert>
          </div>
        </Page>
      );
    case 'unusable':
    case 'failed':
      return (
        <Page title="Recover your account" headingRef={heading}>
          <div className="narrow">
            <Alert tone="error" title={state.kind === 'unusable' ? 'This link no longer works' : 'Something went wrong'}>
              <p>{state.message}</p>
              <p>
                <Link to="/recover">Ask for a new recovery link</Link>
              </p>
            </Alert>
          </div>
        </Page>
      );
    case 'waiting':
      return (
        <Page title={state.ready ? 'Finish your recovery' : 'Recovery started'} headingRef={heading}>
          <div className="narrow">
            {state.failure && (
              <Alert tone="error" title="The recovery did not finish">
                <p>{state.failure}</p>
              </Alert>
            )}
            {state.ready ? (
              <>
                <p>
                  The waiting period is over. Finishing removes every passkey of your account and signs out every device;
                  then you sign in with your password.
                </p>
                <div className="form__actions">
                  <Button onClick={() => void finish()} aria-busy={state.busy}>
                    {state.busy ? 'Finishing…' : 'Finish recovery'}
                  </Button>
                </div>
              </>
            ) : (
              <>
                <Alert tone="info" title="Your passkeys can be removed after the waiting period">
                  <p>
                    Ready on <Moment at={state.readyAt} />.
                  </p>
                </Alert>
                <p>
                  Come back with the link from the e-mail after that time to finish. Your administrators were told, and we
                  sent you an e-mail. If this wasn&rsquo;t you, sign in and cancel it on your account page.
                </p>
              </>
            )}
          </div>
        </Page>
      );
  }
}

/**
 * /recover: a user who lost every passkey asks for an e-mailed link (no token), then opens
 * it (?token=…) to start a waiting period, and opens it again when the wait is over.
 */
export function Recover() {
  const [params] = useSearchParams();
  // Read once: the address bar loses the token at once (see forgetTokenInAddressBar).
  const [token] = useState(() => params.get('token') ?? '');
  useEffect(() => {
    forgetTokenInAddressBar();
  }, []);
  return token ? <RecoveryLink token={token} /> : <RequestLink />;
}
