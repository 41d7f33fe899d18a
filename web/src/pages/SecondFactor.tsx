import { useState } from 'react';
import { Link } from 'react-router';
import type { LoginResult } from '../api/auth';
import { useApi } from '../api/context';
import { errorMessage } from '../api/messages';
import { ApiError } from '../api/problem';
import { Alert } from '../components/Alert';
import { Button } from '../components/Button';
import { confirmWithPasskey } from '../passkeys/secondFactor';
import { PasskeyError, passkeysSupported, type PasskeyFailure } from '../passkeys/webauthn';

/** What went wrong in the browser's part, said for this step (the password is already done). */
const browserFailures: Record<PasskeyFailure, string> = {
  cancelled:
    'The passkey request was cancelled, or this device has no passkey for your account. Try again, or use the device that holds it.',
  aborted: 'The passkey request was stopped before it finished. Try again.',
  exists: "Your device couldn't use the passkey. Try again.",
  unsupported: "This browser can't use passkeys. Open Vouch in a current browser on a device that holds your passkey.",
  'wrong-site': "Passkeys don't work at this address. Open Vouch at its usual address and sign in again.",
  device: "Your device couldn't use the passkey. Try again, or use another device that holds it.",
};

/** The sentence for a failed second factor, whichever half failed. */
export function secondFactorMessage(err: unknown): string {
  return err instanceof PasskeyError ? browserFailures[err.reason] : errorMessage(err);
}

export interface SecondFactorProps {
  /** The e-mail the password was right for. */
  email: string;
  /** The second factor was proved: the sign-in's answer (done or change_password). */
  onDone: (result: LoginResult) => void;
  /** The sign-in is over (expired, or the person chose another account): start again. */
  onRestart: () => void;
}

/**
 * The sign-in's second step when the account requires a passkey after the password:
 * one button that asks the browser for one of the user's own passkeys. A session that
 * ended meanwhile (401) starts the sign-in again.
 */
export function SecondFactor({ email, onDone, onRestart }: SecondFactorProps) {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();
  const supported = passkeysSupported();

  async function confirm() {
    if (busy) return;
    setBusy(true);
    setFailure(undefined);
    try {
      onDone(await confirmWithPasskey(api));
    } catch (err) {
      setBusy(false);
      if (err instanceof ApiError && err.status === 401 && err.code === 'unauthenticated') {
        onRestart();
        return;
      }
      setFailure(secondFactorMessage(err));
      if (!(err instanceof ApiError || err instanceof PasskeyError)) throw err;
    }
  }

  return (
    <div className="sign-in sign-in__step">
      {failure && (
        <Alert tone="error" title="That didn’t work">
          <p>{failure}</p>
        </Alert>
      )}
      <p>
        Your password for <strong>{email}</strong> was right. Your account also asks for one of your passkeys: your device
        will ask for your fingerprint, face or PIN.
      </p>
      {supported ? (
        <Button aria-busy={busy} onClick={() => void confirm()}>
          {busy ? 'Waiting for your passkey…' : 'Use my passkey'}
        </Button>
      ) : (
        <Alert tone="info" title="This browser can’t use passkeys">
          <p>Open Vouch in a current browser on a device that holds your passkey, or use the Vouch desktop app.</p>
        </Alert>
      )}
      <p className="sign-in__forgot">
        <Link to="/recover">Lost your passkey?</Link>
      </p>
      <Button variant="secondary" onClick={onRestart}>
        Sign in as someone else
      </Button>
    </div>
  );
}
