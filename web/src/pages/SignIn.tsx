import { useRef, useState, type SubmitEvent } from 'react';
import { login, type LoginResult } from '../api/auth';
import { useApi } from '../api/context';
import { ApiError } from '../api/problem';
import { Alert } from '../components/Alert';
import { Button } from '../components/Button';
import { TextField } from '../components/TextField';
import { Page } from '../layout/Page';
import './SignIn.css';

interface FieldErrors {
  email?: string | undefined;
  password?: string | undefined;
}

type Outcome =
  | { kind: 'idle' }
  | { kind: 'busy' }
  | { kind: 'failed'; message: string }
  | { kind: 'signed-in'; next: LoginResult['next'] };

const nextStepText: Record<LoginResult['next'], string> = {
  done: 'You are signed in.',
  change_password: 'Your password must be changed before you can continue.',
  passkey: 'Confirm with your passkey to finish signing in.',
};

function validate(email: string, password: string): FieldErrors {
  const errors: FieldErrors = {};
  if (!email.trim()) errors.email = 'Enter your email address.';
  else if (!/^[^\s@]+@[^\s@]+$/.test(email.trim())) errors.email = 'Enter an email address like name@example.com.';
  if (!password) errors.password = 'Enter your password.';
  return errors;
}

/** Field errors the server attached to its problem, for the fields this form has. */
function serverFieldErrors(err: ApiError): FieldErrors {
  const errors: FieldErrors = {};
  for (const { field, message } of err.problem.errors ?? []) {
    if (field === 'email' || field === 'password') errors[field] = message;
  }
  return errors;
}

/** Email and password sign-in. Failures show the server's problem detail. */
export function SignIn() {
  const api = useApi();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });
  const emailInput = useRef<HTMLInputElement>(null);
  const passwordInput = useRef<HTMLInputElement>(null);
  const busy = outcome.kind === 'busy';

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
      setOutcome({ kind: 'signed-in', next: result.next });
    } catch (err) {
      if (err instanceof ApiError) {
        setFieldErrors(serverFieldErrors(err));
        setOutcome({ kind: 'failed', message: err.message });
        return;
      }
      setOutcome({ kind: 'failed', message: 'Something went wrong on this page. Please try again.' });
      // A bug, not an answer from the server: let it reach the console.
      throw err;
    }
  }

  return (
    <Page title="Sign in">
      <div className="sign-in">
        {outcome.kind === 'failed' && (
          <Alert tone="error" title="Sign-in failed">
            <p>{outcome.message}</p>
          </Alert>
        )}
        {outcome.kind === 'signed-in' && <Alert tone="success" title={nextStepText[outcome.next]} />}
        <form className="sign-in__form" noValidate onSubmit={(event) => void submit(event)}>
          <p className="sign-in__help">
            Use the email address your invitation was sent to.
          </p>
          <TextField
            ref={emailInput}
            label="Email address"
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
            label="Password"
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
      </div>
    </Page>
  );
}
