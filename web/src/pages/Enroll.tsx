import { useEffect, useRef, useState, type ChangeEvent, type SubmitEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useApi } from '../api/context';
import { errorMessage, fieldMessage } from '../api/messages';
import { enroll, previewEnrollment, type EnrollPreview } from '../api/onboarding';
import { ApiError } from '../api/problem';
import { Alert } from '../components/Alert';
import { Button } from '../components/Button';
import { LoadFailed } from '../components/LoadFailed';
import { TextField } from '../components/TextField';
import { Page } from '../layout/Page';
import { useSession } from '../session/session';
import { maxPasswordLength, minPasswordLength, passwordRules } from './password/newPassword';
import { forgetTokenInAddressBar } from './ResetPassword';
import './forms.css';

/** Token problems that end the enrollment: nothing on this page can fix them. */
const tokenCodes = new Set(['invitation_not_found', 'invitation_used', 'invitation_expired', 'invitation_revoked']);

const tokenTitles: Readonly<Record<string, string>> = {
  invitation_not_found: 'This invitation link isn’t valid',
  invitation_used: 'This invitation was already used',
  invitation_expired: 'This invitation has expired',
  invitation_revoked: 'This invitation was withdrawn',
};

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'long' });

type Fields = 'email' | 'name' | 'password' | 'confirm' | 'legal_name';
type FieldErrors = Partial<Record<Fields, string>>;

const labels: Readonly<Record<Fields, string>> = {
  email: 'Your e-mail address',
  name: 'Your name',
  password: 'Choose a password',
  confirm: 'Confirm the password',
  legal_name: 'Business legal name',
};

function TokenProblem({ code, message }: { code: string; message: string }) {
  return (
    <Alert tone="error" title={tokenTitles[code] ?? 'This invitation can’t be used'}>
      <p>{message}</p>
      {code === 'invitation_used' && (
        <p>
          <Link to="/sign-in">Sign in</Link>
        </p>
      )}
    </Alert>
  );
}

function EnrollForm({ token, preview }: { token: string; preview: EnrollPreview }) {
  const api = useApi();
  const session = useSession();
  const navigate = useNavigate();
  const [values, setValues] = useState<Record<Fields, string>>({
    email: preview.email,
    name: '',
    password: '',
    confirm: '',
    legal_name: preview.supplier_name,
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<{ code: string; message: string }>();
  const [busy, setBusy] = useState(false);
  const emailRef = useRef<HTMLInputElement>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const confirmRef = useRef<HTMLInputElement>(null);
  const legalNameRef = useRef<HTMLInputElement>(null);
  const order: Fields[] = ['email', 'name', 'password', 'confirm', 'legal_name'];

  function focusFirst(found: FieldErrors) {
    const first = order.find((f) => found[f]);
    const refs = { email: emailRef, name: nameRef, password: passwordRef, confirm: confirmRef, legal_name: legalNameRef };
    if (first) refs[first].current?.focus();
  }

  function validate(): FieldErrors {
    const found: FieldErrors = {};
    if (!values.email.trim()) found.email = 'Enter your e-mail address.';
    if (!values.name.trim()) found.name = 'Enter your name.';
    const length = Array.from(values.password).length;
    if (!values.password) found.password = 'Choose a password.';
    else if (length < minPasswordLength) found.password = `Use at least ${minPasswordLength} characters (this one has ${length}).`;
    else if (length > maxPasswordLength) found.password = `Use at most ${maxPasswordLength} characters (this one has ${length}).`;
    if (!found.password && values.confirm !== values.password) found.confirm = "This doesn't match the password. Type it again.";
    if (!values.legal_name.trim()) found.legal_name = 'Enter your business’s legal name, as on your tax registration.';
    return found;
  }

  async function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    setFailure(undefined);
    const found = validate();
    setErrors(found);
    if (Object.keys(found).length) {
      focusFirst(found);
      return;
    }
    setBusy(true);
    try {
      const result = await enroll(api, {
        invitation_token: token,
        email: values.email.trim(),
        name: values.name.trim(),
        password: values.password,
        legal_name: values.legal_name.trim(),
      });
      session.signedIn(result.user);
      void navigate('/onboarding', { replace: true, state: { enrolled: true } });
    } catch (err) {
      setBusy(false);
      if (!(err instanceof ApiError)) {
        setFailure({ code: 'unknown', message: errorMessage(err) });
        throw err;
      }
      const next: FieldErrors = {};
      if (err.code === 'weak_password') next.password = errorMessage(err);
      if (err.code === 'email_taken') next.email = errorMessage(err);
      if (err.code === 'supplier_exists') next.legal_name = errorMessage(err);
      for (const { field, message } of err.problem.errors ?? []) {
        const f = field === 'invitation_token' ? undefined : (field as Fields);
        if (f && f in labels) next[f] = fieldMessage(field, labels[f], message);
      }
      if (Object.keys(next).length) {
        setErrors(next);
        focusFirst(next);
      } else {
        setFailure({ code: err.code, message: errorMessage(err) });
      }
    }
  }

  const set = (field: Fields) => (e: ChangeEvent<HTMLInputElement>) => setValues((v) => ({ ...v, [field]: e.target.value }));

  if (failure && tokenCodes.has(failure.code)) return <TokenProblem code={failure.code} message={failure.message} />;

  return (
    <>
      <p>
        <strong>{preview.customer_name}</strong> invites <strong>{preview.supplier_name}</strong> to Vouch, to collect the
        details it needs to pay you. Create your account to start; it takes about ten minutes, and you can stop and come
        back at any time.
      </p>
      <p className="gate__loading">
        The invitation was sent to {preview.email} and works until{' '}
        <time dateTime={preview.expires_at}>{dateFormat.format(new Date(preview.expires_at))}</time>.
      </p>
      {failure && (
        <Alert tone="error" title="Your account was not created">
          <p>{failure.message}</p>
        </Alert>
      )}
      <form noValidate onSubmit={(e) => void submit(e)} className="enroll__form" aria-label="Create your account">
        <TextField ref={emailRef} label={labels.email} type="email" autoComplete="email" required value={values.email} error={errors.email} onChange={set('email')} />
        <TextField ref={nameRef} label={labels.name} autoComplete="name" required value={values.name} error={errors.name} onChange={set('name')} />
        <TextField
          ref={passwordRef}
          label={labels.password}
          type="password"
          autoComplete="new-password"
          description={passwordRules}
          required
          value={values.password}
          error={errors.password}
          onChange={set('password')}
        />
        <TextField ref={confirmRef} label={labels.confirm} type="password" autoComplete="new-password" required value={values.confirm} error={errors.confirm} onChange={set('confirm')} />
        <TextField
          ref={legalNameRef}
          label={labels.legal_name}
          description="As registered with the IRS or your tax authority. You can correct it in the next steps."
          autoComplete="organization"
          required
          value={values.legal_name}
          error={errors.legal_name}
          onChange={set('legal_name')}
        />
        <div className="form__actions">
          <Button type="submit" aria-busy={busy}>
            {busy ? 'Creating your account…' : 'Create account and continue'}
          </Button>
        </div>
      </form>
    </>
  );
}

type PreviewState =
  | { kind: 'loading' }
  | { kind: 'ready'; preview: EnrollPreview }
  | { kind: 'token'; code: string; message: string }
  | { kind: 'failed'; message: string };

/** /enroll?token=…: the page an invitation e-mail opens. Shows who invites whom, then creates the supplier's account. */
export function Enroll() {
  const api = useApi();
  const [params] = useSearchParams();
  // Read once: the address loses the token right after the first render.
  const [token] = useState(() => params.get('token') ?? '');
  const [state, setState] = useState<PreviewState>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    forgetTokenInAddressBar();
  }, []);

  useEffect(() => {
    if (!token) return;
    let stale = false;
    previewEnrollment(api, token).then(
      (preview) => !stale && setState({ kind: 'ready', preview }),
      (err: unknown) => {
        if (stale) return;
        if (err instanceof ApiError && tokenCodes.has(err.code)) setState({ kind: 'token', code: err.code, message: errorMessage(err) });
        else setState({ kind: 'failed', message: errorMessage(err) });
        if (!(err instanceof ApiError)) throw err;
      },
    );
    return () => {
      stale = true;
    };
  }, [api, token, attempt]);

  return (
    <Page title="Join Vouch">
      <div className="narrow">
        {!token ? (
          <TokenProblem code="invitation_not_found" message="This address has no invitation in it. Open the link from your invitation e-mail again." />
        ) : state.kind === 'loading' ? (
          <p className="gate__loading">Checking your invitation…</p>
        ) : state.kind === 'token' ? (
          <TokenProblem code={state.code} message={state.message} />
        ) : state.kind === 'failed' ? (
          <LoadFailed
            title="Your invitation could not be checked"
            message={state.message}
            onRetry={() => {
              setState({ kind: 'loading' });
              setAttempt((n) => n + 1);
            }}
          />
        ) : (
          <EnrollForm token={token} preview={state.preview} />
        )}
      </div>
    </Page>
  );
}
