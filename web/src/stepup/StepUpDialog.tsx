import { useEffect, useId, useRef, useState, type SubmitEvent } from 'react';
import { useApi } from '../api/context';
import { errorMessage } from '../api/messages';
import { listPasskeys } from '../api/passkeys';
import { ApiError } from '../api/problem';
import { beginEmailStepUp, finishEmailStepUp } from '../api/stepUp';
import { Alert } from '../components/Alert';
import { Button } from '../components/Button';
import { TextField } from '../components/TextField';
import { PasskeyError } from '../passkeys/webauthn';
import { useSession } from '../session/session';
import { stepUpFailureMessage, stepUpWithPasskey } from './passkeyStepUp';
import './StepUp.css';

type Method = 'loading' | 'passkey' | 'email';

interface FormProps {
  titleId: string;
  /** The session stepped up. */
  confirmed: () => void;
  cancel: () => void;
}

function StepUpForm({ titleId, confirmed, cancel }: FormProps) {
  const api = useApi();
  const { me } = useSession();
  const [method, setMethod] = useState<Method>('loading');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();
  // How many codes this dialog sent: the code field takes focus after each.
  const [sends, setSends] = useState(0);
  const sent = sends > 0;
  const resent = sends > 1;
  const [code, setCode] = useState('');
  const [codeError, setCodeError] = useState<string>();
  const primary = useRef<HTMLButtonElement>(null);
  const codeInput = useRef<HTMLInputElement>(null);

  // Users with a working passkey confirm with it; the others by an e-mailed code.
  useEffect(() => {
    let live = true;
    listPasskeys(api).then(
      (passkeys) => live && setMethod(passkeys.some((p) => !p.clone_warning) ? 'passkey' : 'email'),
      () => live && setMethod('email'),
    );
    return () => {
      live = false;
    };
  }, [api]);

  useEffect(() => {
    if (method !== 'loading' && !sent) primary.current?.focus();
  }, [method, sent]);

  useEffect(() => {
    if (sends > 0) codeInput.current?.focus();
  }, [sends]);

  async function confirmWithPasskey() {
    if (busy) return;
    setBusy(true);
    setFailure(undefined);
    try {
      await stepUpWithPasskey(api);
    } catch (err) {
      setBusy(false);
      setFailure(err instanceof PasskeyError ? stepUpFailureMessage(err) : errorMessage(err));
      if (!(err instanceof ApiError || err instanceof PasskeyError)) throw err;
      return;
    }
    confirmed();
  }

  async function send() {
    if (busy) return;
    setBusy(true);
    setFailure(undefined);
    setCodeError(undefined);
    try {
      await beginEmailStepUp(api);
      setSends((n) => n + 1);
      setCode('');
    } catch (err) {
      if (err instanceof ApiError && err.code === 'passkey_step_up_required') setMethod('passkey');
      setFailure(errorMessage(err));
      if (!(err instanceof ApiError)) throw err;
    } finally {
      setBusy(false);
    }
  }

  async function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    setFailure(undefined);
    const digits = code.replace(/\s+/g, '');
    if (!/^\d{6}$/.test(digits)) {
      setCodeError('Enter the 6 digits from the e-mail.');
      codeInput.current?.focus();
      return;
    }
    setBusy(true);
    try {
      await finishEmailStepUp(api, digits);
    } catch (err) {
      setBusy(false);
      if (err instanceof ApiError && (err.code === 'invalid_code' || err.code === 'code_expired')) {
        setCodeError(errorMessage(err));
        codeInput.current?.select();
        codeInput.current?.focus();
      } else {
        setFailure(errorMessage(err));
        if (!(err instanceof ApiError)) throw err;
      }
      return;
    }
    confirmed();
  }

  const email = me ? <strong className="step-up__email">{me.email}</strong> : 'your e-mail address';
  return (
    <div className="step-up__body">
      <h2 id={titleId} className="step-up__title">
        Confirm it&rsquo;s you
      </h2>
      <p>For your security, Vouch asks you to confirm it&rsquo;s you before this change.</p>
      <div aria-live="polite">
        {failure && (
          <Alert tone="error" title="That didn't work" announce={false}>
            <p>{failure}</p>
          </Alert>
        )}
        {resent && !failure && !codeError && (
          <Alert tone="success" title="We sent a new code" announce={false}>
            <p>Only the newest code works.</p>
          </Alert>
        )}
      </div>
      {method === 'loading' && <p className="step-up__status">Checking how you can confirm…</p>}
      {method === 'passkey' && (
        <>
          <p>Use a passkey you added to your account, on this device or your phone.</p>
          <div className="step-up__actions">
            <Button ref={primary} onClick={() => void confirmWithPasskey()} aria-busy={busy}>
              {busy ? 'Waiting for your device…' : 'Use your passkey'}
            </Button>
            <Button variant="secondary" onClick={cancel}>
              Cancel
            </Button>
          </div>
        </>
      )}
      {method === 'email' && !sent && (
        <>
          <p>We&rsquo;ll e-mail a 6-digit code to {email}.</p>
          <div className="step-up__actions">
            <Button ref={primary} onClick={() => void send()} aria-busy={busy}>
              {busy ? 'Sending…' : 'E-mail me a code'}
            </Button>
            <Button variant="secondary" onClick={cancel}>
              Cancel
            </Button>
          </div>
        </>
      )}
      {method === 'email' && sent && (
        <form noValidate onSubmit={(event) => void submit(event)}>
          <p>
            We sent a 6-digit code to {email}. It works for 10 minutes. If it hasn&rsquo;t arrived, check your spam
            folder or send a new one.
          </p>
          <TextField
            ref={codeInput}
            label="6-digit code"
            name="one-time-code"
            className="step-up__code"
            autoComplete="one-time-code"
            inputMode="numeric"
            pattern="[0-9]*"
            maxLength={12}
            spellCheck={false}
            value={code}
            error={codeError}
            onChange={(e) => setCode(e.target.value)}
          />
          <div className="step-up__actions">
            <Button type="submit" aria-busy={busy}>
              {busy ? 'Checking…' : 'Confirm'}
            </Button>
            <Button variant="secondary" onClick={() => void send()}>
              Send a new code
            </Button>
            <Button variant="secondary" onClick={cancel}>
              Cancel
            </Button>
          </div>
        </form>
      )}
    </div>
  );
}

export interface StepUpDialogProps {
  open: boolean;
  /** The dialog closed: true when the session stepped up, false when the person cancelled. */
  onDone: (ok: boolean) => void;
}

/**
 * "Confirm it's you": a native modal <dialog> (focus stays inside, Escape cancels, focus
 * returns to the button that led here) offering a passkey or an e-mailed code.
 */
export function StepUpDialog({ open, onDone }: StepUpDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const ok = useRef(false);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) {
      ok.current = false;
      element.showModal();
    }
    if (!open && element.open) element.close();
  }, [open]);

  return (
    <dialog
      ref={dialog}
      className="step-up"
      aria-labelledby={titleId}
      onClose={() => {
        if (open) onDone(ok.current);
      }}
    >
      {open && (
        <StepUpForm
          titleId={titleId}
          confirmed={() => {
            ok.current = true;
            dialog.current?.close();
          }}
          cancel={() => dialog.current?.close()}
        />
      )}
    </dialog>
  );
}
