import { useEffect, useLayoutEffect, useRef, useState, type SubmitEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { confirmPasswordReset } from '../api/auth';
import { useApi } from '../api/context';
import { errorMessage } from '../api/messages';
import { ApiError } from '../api/problem';
import { Alert } from '../components/Alert';
import { Button } from '../components/Button';
import { Page } from '../layout/Page';
import { useSession } from '../session/session';
import { resetLinkMinutes } from './ForgotPassword';
import { NewPasswordFields } from './password/NewPasswordFields';
import {
  newPasswordServerErrors,
  validateNewPassword,
  type NewPasswordErrors,
  type NewPasswordValues,
} from './password/newPassword';
import './forms.css';

/** What the sign-in page says after a reset. */
export const resetNotice = 'Your password was changed. Sign in with the new one.';

/**
 * Takes the token out of the address bar (history.replaceState, the same history entry):
 * it would otherwise stay in the browser's history, travel in screenshots and shared
 * links, and reach other pages' Referer. The page keeps it in memory only, so a reload
 * loses it: the e-mail's link opens the page again.
 */
export function forgetTokenInAddressBar(): void {
  const url = new URL(window.location.href);
  if (!url.searchParams.has('token')) return;
  url.searchParams.delete('token');
  // The router's own entry state (its key and index) stays as it is.
  window.history.replaceState(window.history.state, '', `${url.pathname}${url.search}${url.hash}`);
}

type Outcome =
  | { kind: 'idle' }
  | { kind: 'busy' }
  | { kind: 'failed'; message: string }
  | { kind: 'link-unusable'; message: string };

interface AskForNewLinkProps {
  title: string;
  children: string;
  /** Take focus: the form it replaces had it. */
  focus?: boolean;
}

/** The link cannot set a password (missing, used, expired): say so, and lead to a new one. */
function AskForNewLink({ title, children, focus = false }: AskForNewLinkProps) {
  const link = useRef<HTMLAnchorElement>(null);
  useEffect(() => {
    if (focus) link.current?.focus();
  }, [focus]);
  return (
    <Alert tone="error" title={title}>
      <p>{children}</p>
      <p>
        <Link ref={link} to="/forgot-password">
          Ask for a new reset link
        </Link>
      </p>
    </Alert>
  );
}

function ResetForm({ token }: { token: string }) {
  const api = useApi();
  const session = useSession();
  const navigate = useNavigate();
  const [values, setValues] = useState<NewPasswordValues>({ next: '', confirm: '' });
  const [errors, setErrors] = useState<NewPasswordErrors>({});
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });
  const nextInput = useRef<HTMLInputElement>(null);
  const confirmInput = useRef<HTMLInputElement>(null);
  const busy = outcome.kind === 'busy';

  function focusFirst(found: NewPasswordErrors) {
    if (found.next) nextInput.current?.focus();
    else if (found.confirm) confirmInput.current?.focus();
  }

  async function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const found = validateNewPassword(values);
    setErrors(found);
    if (Object.keys(found).length) {
      setOutcome({ kind: 'idle' });
      focusFirst(found);
      return;
    }
    setOutcome({ kind: 'busy' });
    try {
      await confirmPasswordReset(api, { token, new_password: values.next });
    } catch (err) {
      if (!(err instanceof ApiError)) {
        setOutcome({ kind: 'failed', message: errorMessage(err) });
        throw err;
      }
      if (err.code === 'reset_link_invalid' || err.problem.errors?.some((e) => e.field === 'token')) {
        setOutcome({ kind: 'link-unusable', message: errorMessage(err) });
        return;
      }
      // weak_password: the reason goes next to the field, and the link still works.
      const fromServer = newPasswordServerErrors(err);
      setErrors(fromServer);
      setOutcome({ kind: 'failed', message: err.code === 'weak_password' ? 'Your new password was not accepted.' : errorMessage(err) });
      focusFirst(fromServer);
      return;
    }
    // The server ended every session of the account, this browser's too if it had one.
    await session.refresh();
    void navigate('/sign-in', { replace: true, state: { notice: resetNotice } });
  }

  if (outcome.kind === 'link-unusable') {
    return (
      <AskForNewLink title="This reset link can't be used" focus>
        {outcome.message}
      </AskForNewLink>
    );
  }

  return (
    <>
      {outcome.kind === 'failed' && (
        <Alert tone="error" title="The password was not changed">
          <p>{outcome.message}</p>
        </Alert>
      )}
      <p>
        Choose a new password for your Vouch account. Once it is set, every browser and device signed in to the account
        is signed out, and you sign in with the new password.
      </p>
      <form className="form" noValidate onSubmit={(event) => void submit(event)}>
        <NewPasswordFields
          values={values}
          errors={errors}
          onChange={(field, value) => setValues((v) => ({ ...v, [field]: value }))}
          nextRef={nextInput}
          confirmRef={confirmInput}
        />
        <div className="form__actions">
          <Button type="submit" aria-busy={busy}>
            {busy ? 'Setting password…' : 'Set new password'}
          </Button>
        </div>
      </form>
    </>
  );
}

/** /reset-password?token=…, the page an e-mailed reset link opens. */
export function ResetPassword() {
  const [params] = useSearchParams();
  // Read once: the address loses the token right after the first render.
  const [token] = useState(() => params.get('token') ?? '');
  useLayoutEffect(forgetTokenInAddressBar, []);

  return (
    <Page title="Choose a new password">
      <div className="narrow">
        {token ? (
          <ResetForm token={token} />
        ) : (
          <AskForNewLink title="This page needs the link from your e-mail">
            {`Open the link in the password reset e-mail again (it works for ${resetLinkMinutes} minutes), or ask for a new one.`}
          </AskForNewLink>
        )}
      </div>
    </Page>
  );
}
