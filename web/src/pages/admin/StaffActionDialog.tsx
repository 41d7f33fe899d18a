import { useEffect, useId, useRef, useState, type SubmitEvent } from 'react';
import type { AdminUser } from '../../api/admin';
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
  validateStaffAction,
  verificationMethods,
  type StaffActionErrors,
  type StaffActionValues,
} from './staffAction';
import { staffActions, type StaffActionKind, type StaffActionOutcome } from './staffActions';
import './StaffActionDialog.css';

const labels: Record<keyof StaffActionValues, string> = {
  reason: 'Reason',
  method: 'How was the request verified?',
  note: 'Verification note (optional)',
};

/** An action to take on a user. */
export interface StaffActionRequest {
  user: AdminUser;
  action: StaffActionKind;
}

export interface StaffActionDialogProps {
  /** The user and action; the dialog is open while this is set. */
  request: StaffActionRequest | undefined;
  /** The dialog closed (Escape, Cancel, or after success). */
  onClose: () => void;
  /** The server confirmed the action. */
  onDone: (request: StaffActionRequest, outcome: StaffActionOutcome) => void;
  /** Any response that says the session is over or no longer allowed. */
  onSessionProblem?: (err: ApiError) => boolean;
}

interface FormProps extends Omit<StaffActionDialogProps, 'request' | 'onClose'> {
  request: StaffActionRequest;
  titleId: string;
  cancel: () => void;
}

function StaffActionForm({ request, titleId, cancel, onDone, onSessionProblem }: FormProps) {
  const api = useApi();
  const { user } = request;
  const spec = staffActions[request.action];
  const [values, setValues] = useState<StaffActionValues>({ reason: '', method: '', note: '' });
  const [errors, setErrors] = useState<StaffActionErrors>({});
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const reasonInput = useRef<HTMLTextAreaElement>(null);
  const methodGroup = useRef<HTMLFieldSetElement>(null);
  const noteInput = useRef<HTMLInputElement>(null);
  const errorPrefix = useId();

  useEffect(() => {
    reasonInput.current?.focus();
  }, []);

  function focusFirst(found: StaffActionErrors) {
    if (found.reason) reasonInput.current?.focus();
    else if (found.method) methodGroup.current?.querySelector<HTMLInputElement>('input:checked, input')?.focus();
    else if (found.note) noteInput.current?.focus();
  }

  async function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    setFailure(undefined);
    const found = validateStaffAction(values);
    setErrors(found);
    if (Object.keys(found).length) {
      focusFirst(found);
      return;
    }
    setBusy(true);
    let outcome: StaffActionOutcome;
    try {
      outcome = (await spec.run(api, user.id, toStaffAction(values))) === 'pending_approval' ? 'pending_approval' : 'done';
    } catch (err) {
      setBusy(false);
      if (!(err instanceof ApiError)) {
        setFailure(errorMessage(err));
        throw err;
      }
      if (onSessionProblem?.(err)) return;
      const fromServer: StaffActionErrors = {};
      for (const { field, message } of err.problem.errors ?? []) {
        const mine = serverFields[field];
        if (mine) fromServer[mine] = fieldMessage(field, labels[mine], message);
      }
      setErrors(fromServer);
      setFailure(errorMessage(err));
      focusFirst(fromServer);
      return;
    }
    onDone(request, outcome);
  }

  const methodErrorId = `${errorPrefix}-method-error`;
  return (
    <form className="staff-action" noValidate onSubmit={(event) => void submit(event)}>
      <h2 id={titleId} className="staff-action__title">
        {spec.title}
      </h2>
      <p>{spec.explain(<strong className="staff-action__email">{user.email}</strong>)}</p>
      {failure && (
        <Alert tone="error" title={spec.failed}>
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
        className="staff-action__methods"
        aria-describedby={errors.method ? methodErrorId : undefined}
      >
        <legend className="field__label">{labels.method}</legend>
        <p className="field__description">When you act on the user&rsquo;s own request, say how you made sure it was them.</p>
        {verificationMethods.map((m) => (
          <label key={m.value || 'none'} className="staff-action__choice">
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
      <div className="staff-action__actions">
        <Button type="submit" aria-busy={busy}>
          {busy ? spec.busy : spec.label}
        </Button>
        <Button variant="secondary" onClick={cancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

/**
 * Asks for the reason (and how a user's request was verified) before staff act on a user:
 * force a password reset, e-mail a reset link, sign them out everywhere. One dialog for
 * all of them, so every audited action asks the same questions the same way. A native
 * modal <dialog>: the browser keeps focus inside, makes the page behind inert and closes
 * it on Escape; focus then goes back where it was (the caller's button).
 */
export function StaffActionDialog({ request, onClose, ...rest }: StaffActionDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const open = request !== undefined;

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);

  return (
    <dialog ref={dialog} className="dialog" aria-labelledby={titleId} onClose={onClose}>
      {request && (
        <StaffActionForm
          key={`${request.user.id} ${request.action}`}
          request={request}
          titleId={titleId}
          cancel={() => dialog.current?.close()}
          {...rest}
        />
      )}
    </dialog>
  );
}
