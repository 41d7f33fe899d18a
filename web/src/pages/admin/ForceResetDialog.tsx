import { useEffect, useId, useRef, useState, type SubmitEvent } from 'react';
import { forcePasswordReset, type AdminUser } from '../../api/admin';
import { useApi } from '../../api/context';
import { errorMessage, fieldMessage } from '../../api/messages';
import { ApiError } from '../../api/problem';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { TextAreaField } from '../../components/TextAreaField';
import { TextField } from '../../components/TextField';
import {
  maxNoteLength,
  maxReasonLength,
  serverFields,
  toStaffAction,
  validateForceReset,
  verificationMethods,
  type ForceResetErrors,
  type ForceResetValues,
} from './forceReset';
import './ForceResetDialog.css';

const labels: Record<keyof ForceResetValues, string> = {
  reason: 'Reason',
  method: 'How was the request verified?',
  note: 'Verification note (optional)',
};

export interface ForceResetDialogProps {
  /** The user to act on; the dialog is open while this is set. */
  user: AdminUser | undefined;
  /** The dialog closed (Escape, Cancel, or after success). */
  onClose: () => void;
  /** The server confirmed the reset. */
  onDone: (user: AdminUser) => void;
  /** Any response that says the session is over or no longer allowed. */
  onSessionProblem?: (err: ApiError) => boolean;
}

interface FormProps extends Omit<ForceResetDialogProps, 'user' | 'onClose'> {
  user: AdminUser;
  titleId: string;
  cancel: () => void;
}

function ForceResetForm({ user, titleId, cancel, onDone, onSessionProblem }: FormProps) {
  const api = useApi();
  const [values, setValues] = useState<ForceResetValues>({ reason: '', method: '', note: '' });
  const [errors, setErrors] = useState<ForceResetErrors>({});
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const reasonInput = useRef<HTMLTextAreaElement>(null);
  const methodGroup = useRef<HTMLFieldSetElement>(null);
  const noteInput = useRef<HTMLInputElement>(null);
  const errorPrefix = useId();

  useEffect(() => {
    reasonInput.current?.focus();
  }, []);

  function focusFirst(found: ForceResetErrors) {
    if (found.reason) reasonInput.current?.focus();
    else if (found.method) methodGroup.current?.querySelector<HTMLInputElement>('input:checked, input')?.focus();
    else if (found.note) noteInput.current?.focus();
  }

  async function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    setFailure(undefined);
    const found = validateForceReset(values);
    setErrors(found);
    if (Object.keys(found).length) {
      focusFirst(found);
      return;
    }
    setBusy(true);
    try {
      await forcePasswordReset(api, user.id, toStaffAction(values));
    } catch (err) {
      setBusy(false);
      if (!(err instanceof ApiError)) {
        setFailure(errorMessage(err));
        throw err;
      }
      if (onSessionProblem?.(err)) return;
      const fromServer: ForceResetErrors = {};
      for (const { field, message } of err.problem.errors ?? []) {
        const mine = serverFields[field];
        if (mine) fromServer[mine] = fieldMessage(field, labels[mine], message);
      }
      setErrors(fromServer);
      setFailure(errorMessage(err));
      focusFirst(fromServer);
      return;
    }
    onDone(user);
  }

  const methodErrorId = `${errorPrefix}-method-error`;
  return (
    <form className="force-reset" noValidate onSubmit={(event) => void submit(event)}>
      <h2 id={titleId} className="force-reset__title">
        Force a password reset
      </h2>
      <p>
        <strong className="force-reset__email">{user.email}</strong> will have to choose a new password at their next
        sign-in, and every session they have open ends now.
      </p>
      {failure && (
        <Alert tone="error" title="The reset was not done">
          <p>{failure}</p>
        </Alert>
      )}
      <TextAreaField
        ref={reasonInput}
        label={labels.reason}
        name="reason"
        description="Required. It goes into the audit log: say what happened, for example a ticket number or why the account is at risk."
        maxLength={maxReasonLength}
        value={values.reason}
        onChange={(e) => setValues((v) => ({ ...v, reason: e.target.value }))}
        error={errors.reason}
      />
      <fieldset
        ref={methodGroup}
        className="force-reset__methods"
        aria-describedby={errors.method ? methodErrorId : undefined}
      >
        <legend className="field__label">{labels.method}</legend>
        <p className="field__description">When you act on the user&rsquo;s own request, say how you made sure it was them.</p>
        {verificationMethods.map((m) => (
          <label key={m.value || 'none'} className="force-reset__choice">
            <input
              type="radio"
              name="method"
              value={m.value}
              checked={values.method === m.value}
              onChange={() => setValues((v) => ({ ...v, method: m.value }))}
            />
            {m.label}
          </label>
        ))}
        {errors.method && (
          <p className="field__error" id={methodErrorId}>
            {errors.method}
          </p>
        )}
      </fieldset>
      <TextField
        ref={noteInput}
        label={labels.note}
        name="note"
        description="For example the ticket number, or who you called and when."
        maxLength={maxNoteLength}
        value={values.note}
        onChange={(e) => setValues((v) => ({ ...v, note: e.target.value }))}
        error={errors.note}
      />
      <div className="force-reset__actions">
        <Button type="submit" aria-busy={busy}>
          {busy ? 'Resetting…' : 'Force password reset'}
        </Button>
        <Button variant="secondary" onClick={cancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

/**
 * Asks for the reason (and how a user's request was verified) before forcing a password
 * reset. A native modal <dialog>: the browser keeps focus inside, makes the page behind
 * inert and closes it on Escape; focus then goes back where it was (the caller's button).
 */
export function ForceResetDialog({ user, onClose, ...rest }: ForceResetDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (user && !element.open) element.showModal();
    if (!user && element.open) element.close();
  }, [user]);

  return (
    <dialog ref={dialog} className="dialog" aria-labelledby={titleId} onClose={onClose}>
      {user && <ForceResetForm key={user.id} user={user} titleId={titleId} cancel={() => dialog.current?.close()} {...rest} />}
    </dialog>
  );
}
