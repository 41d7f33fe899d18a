import { useRef, useState, type RefObject, type SubmitEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { changePassword, type Me } from '../api/auth';
import { useApi } from '../api/context';
import { errorMessage, fieldMessage } from '../api/messages';
import { ApiError } from '../api/problem';
import { Alert } from '../components/Alert';
import { Button } from '../components/Button';
import { TextField } from '../components/TextField';
import { Page } from '../layout/Page';
import { useSignedIn } from '../session/gate';
import { useSession } from '../session/session';
import { NewPasswordFields } from './password/NewPasswordFields';
import {
  newPasswordServerErrors,
  validateNewPassword,
  type NewPasswordField,
  type NewPasswordValues,
} from './password/newPassword';
import './forms.css';

type Field = 'current' | NewPasswordField;
type FieldErrors = Partial<Record<Field, string>>;

export interface PasswordForm extends NewPasswordValues {
  current: string;
}

const currentLabel = 'Current password';

/** The checks that need no server; the server still applies the full policy. */
export function validatePasswordForm(form: PasswordForm, email: string): FieldErrors {
  const errors: FieldErrors = {};
  if (!form.current) errors.current = 'Enter your current password.';
  return { ...errors, ...validateNewPassword(form, { email, current: form.current }) };
}

function serverFieldErrors(err: ApiError): FieldErrors {
  const errors: FieldErrors = newPasswordServerErrors(err);
  for (const { field, message } of err.problem.errors ?? []) {
    if (field === 'current_password') errors.current = fieldMessage(field, currentLabel, message);
  }
  return errors;
}

/** The success message the account page shows after a change. */
export const changedNotice = 'Your password has been changed. Other browsers and devices were signed out.';

function ChangePasswordForm({ me }: { me: Me }) {
  const api = useApi();
  const session = useSession();
  const navigate = useNavigate();
  const [form, setForm] = useState<PasswordForm>({ current: '', next: '', confirm: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const currentInput = useRef<HTMLInputElement>(null);
  const nextInput = useRef<HTMLInputElement>(null);
  const confirmInput = useRef<HTMLInputElement>(null);

  function focusFirst(found: FieldErrors) {
    const first = (['current', 'next', 'confirm'] as const).find((f) => found[f]);
    const inputs: Record<Field, RefObject<HTMLInputElement | null>> = { current: currentInput, next: nextInput, confirm: confirmInput };
    if (first) inputs[first].current?.focus();
  }

  async function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    setFailure(undefined);
    const found = validatePasswordForm(form, me.email);
    setErrors(found);
    if (Object.keys(found).length) {
      focusFirst(found);
      return;
    }
    setBusy(true);
    try {
      await changePassword(api, { current_password: form.current, new_password: form.next });
    } catch (err) {
      setBusy(false);
      if (!(err instanceof ApiError)) {
        setFailure(errorMessage(err));
        throw err;
      }
      if (err.status === 401) {
        session.expired();
        return;
      }
      const fromServer = serverFieldErrors(err);
      setErrors(fromServer);
      setFailure(err.code === 'weak_password' ? 'Your new password was not accepted.' : errorMessage(err));
      focusFirst(fromServer);
      return;
    }
    await session.refresh();
    void navigate('/account', { replace: true, state: { notice: changedNotice } });
  }

  return (
    <>
      {me.must_change_password ? (
        <Alert tone="info" title="An administrator has asked you to choose a new password">
          <p>
            Until you do, the rest of Vouch stays closed to you. Your other sessions were signed out when the reset was
            requested. Enter the password you signed in with, then choose a new one.
          </p>
        </Alert>
      ) : (
        <p>You stay signed in here; other browsers and devices are signed out when the password changes.</p>
      )}
      {failure && (
        <Alert tone="error" title="The password was not changed">
          <p>{failure}</p>
        </Alert>
      )}
      <form className="form" noValidate onSubmit={(event) => void submit(event)}>
        {/* For password managers: the account the new password belongs to. */}
        <input type="text" name="username" autoComplete="username" value={me.email} readOnly hidden />
        <TextField
          ref={currentInput}
          label={currentLabel}
          name="current-password"
          type="password"
          autoComplete="current-password"
          value={form.current}
          onChange={(e) => setForm((f) => ({ ...f, current: e.target.value }))}
          error={errors.current}
        />
        <NewPasswordFields
          values={form}
          errors={errors}
          onChange={(field, value) => setForm((f) => ({ ...f, [field]: value }))}
          nextRef={nextInput}
          confirmRef={confirmInput}
        />
        <div className="form__actions">
          <Button type="submit" aria-busy={busy}>
            {busy ? 'Changing password…' : 'Change password'}
          </Button>
          {!me.must_change_password && <Link to="/account">Cancel</Link>}
        </div>
      </form>
    </>
  );
}

/** Choose a new password: forced by an administrator, or by choice from the account page. */
export function ChangePassword() {
  const gate = useSignedIn({ allowPendingReset: true });
  return (
    <Page title="Change your password">
      <div className="narrow">{gate.me ? <ChangePasswordForm me={gate.me} /> : gate.content}</div>
    </Page>
  );
}
