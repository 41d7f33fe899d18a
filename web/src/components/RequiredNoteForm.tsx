import { useEffect, useRef, useState, type SubmitEvent } from 'react';
import { errorMessage, fieldMessage } from '../api/messages';
import { ApiError } from '../api/problem';
import { Alert } from './Alert';
import { Button } from './Button';
import { TextAreaField } from './TextAreaField';

/** The wording and the request of one decision that must say why. */
export interface RequiredNoteFormProps {
  /** Names the form for assistive tech. */
  accessibleName: string;
  className: string;
  actionsClassName: string;
  /** The field's label, and the name the server reports its errors under. */
  label: string;
  name: string;
  /** Help under the field: what to write, and who reads it. */
  description: string;
  /** Shown when the field is left empty. */
  requiredMessage: string;
  submitLabel: string;
  busyLabel: string;
  /** The title over a failure, e.g. "The alert was not resolved". */
  failureTitle: string;
  /** Problem codes saying the thing changed meanwhile: the caller shows the message and closes the form. */
  staleCodes: readonly string[];
  /** Sends the trimmed text, and does what follows success. */
  send: (text: string) => Promise<void>;
  onStale: (message: string) => void;
  onCancel: () => void;
  sessionEnded: (err: unknown) => boolean;
}

/**
 * A required note or reason for a decision (resolving an alert, approving a bank
 * account), with focus in it when it opens: an empty field or the server's complaint
 * about it is shown on the field, any other failure above it.
 */
export function RequiredNoteForm(props: RequiredNoteFormProps) {
  const { label, name, staleCodes, send, onStale, sessionEnded } = props;
  const [text, setText] = useState('');
  const [fieldError, setFieldError] = useState<string>();
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const field = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    field.current?.focus();
  }, []);

  async function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    setFailure(undefined);
    if (!text.trim()) {
      setFieldError(props.requiredMessage);
      field.current?.focus();
      return;
    }
    setBusy(true);
    try {
      await send(text.trim());
    } catch (err) {
      setBusy(false);
      if (sessionEnded(err)) return;
      if (err instanceof ApiError && staleCodes.includes(err.code)) {
        onStale(errorMessage(err));
        return;
      }
      const complaint = err instanceof ApiError ? err.problem.errors?.find((e) => e.field === name) : undefined;
      if (complaint) {
        setFieldError(fieldMessage(name, label, complaint.message));
        field.current?.focus();
      } else {
        setFailure(errorMessage(err));
      }
      if (!(err instanceof ApiError)) throw err;
    }
  }

  return (
    <form className={props.className} noValidate aria-label={props.accessibleName} onSubmit={(event) => void submit(event)}>
      <div aria-live="polite">
        {failure && (
          <Alert tone="error" title={props.failureTitle} announce={false}>
            <p>{failure}</p>
          </Alert>
        )}
      </div>
      <TextAreaField
        ref={field}
        label={label}
        name={name}
        description={props.description}
        required
        value={text}
        error={fieldError}
        onChange={(e) => {
          setText(e.target.value);
          setFieldError(undefined);
        }}
      />
      <div className={props.actionsClassName}>
        <Button type="submit" aria-busy={busy}>
          {busy ? props.busyLabel : props.submitLabel}
        </Button>
        <Button variant="secondary" onClick={props.onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
