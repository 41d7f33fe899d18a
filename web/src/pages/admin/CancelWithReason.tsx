import { useEffect, useRef, useState, type ReactNode, type SubmitEvent } from 'react';
import { Button } from '../../components/Button';
import { TextAreaField } from '../../components/TextAreaField';
import './CancelWithReason.css';

/** The wording of one row's cancel; the caller sends the reason. */
export interface CancelWithReasonProps {
  /** The trigger's and the submit button's text, e.g. "Cancel recovery". */
  label: string;
  /** Names the trigger and the form for assistive tech, so each row's button is told apart. */
  accessibleName: string;
  /** Help under the reason field: who reads the reason. */
  description: string;
  /** Shown when the reason is left empty. */
  requiredMessage: string;
  /** The most characters the server keeps. */
  maxLength: number;
  /** The submit button's text while the request runs, for an action that is not a cancel (lifting a block). */
  busyLabel?: string;
  /** Sends the trimmed reason; resolves to a message to show in the form, or undefined when done. */
  onCancel: (reason: string) => Promise<string | undefined>;
  /** Other actions of the row, shown beside the trigger until the form opens. */
  children?: ReactNode;
}

/**
 * "Cancel, and say why" for a queue row (recoveries, four-eyes approvals, IP blocks): the trigger
 * opens a required reason field with focus in it, "Keep it" closes it and returns focus
 * to the trigger. On success the caller removes the row, so only failures come back here.
 */
export function CancelWithReason({
  label,
  accessibleName,
  description,
  requiredMessage,
  maxLength,
  busyLabel = 'Cancelling…',
  onCancel,
  children,
}: CancelWithReasonProps) {
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const reasonInput = useRef<HTMLTextAreaElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const firstRender = useRef(true);

  // After the swap between trigger and form, so the element to focus exists.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    (asking ? reasonInput : trigger).current?.focus();
  }, [asking]);

  async function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    if (!reason.trim()) {
      setError(requiredMessage);
      reasonInput.current?.focus();
      return;
    }
    setBusy(true);
    const failure = await onCancel(reason.trim());
    if (failure !== undefined) {
      setBusy(false);
      setError(failure);
      reasonInput.current?.focus();
    }
  }

  if (!asking) {
    return (
      <div className="cancel-reason__actions">
        {children}
        <Button ref={trigger} variant="secondary" aria-label={accessibleName} onClick={() => setAsking(true)}>
          {label}
        </Button>
      </div>
    );
  }
  return (
    <form className="cancel-reason" noValidate onSubmit={(event) => void submit(event)} aria-label={accessibleName}>
      <TextAreaField
        ref={reasonInput}
        label="Reason"
        name="reason"
        description={description}
        maxLength={maxLength}
        value={reason}
        error={error}
        onChange={(e) => setReason(e.target.value)}
      />
      <div className="cancel-reason__actions">
        <Button type="submit" aria-busy={busy}>
          {busy ? busyLabel : label}
        </Button>
        <Button
          variant="secondary"
          onClick={() => {
            setAsking(false);
            setError(undefined);
          }}
        >
          Keep it
        </Button>
      </div>
    </form>
  );
}
