import { useState } from 'react';
import { getMe, type Me } from '../api/auth';
import { useApi } from '../api/context';
import { errorMessage } from '../api/messages';
import { ApiError } from '../api/problem';
import { Alert } from '../components/Alert';
import { Button } from '../components/Button';
import { addPasskey, PasskeyError, passkeyFailureMessage, passkeysSupported } from '../passkeys/webauthn';
import { describeUserAgent } from './userAgent';

export interface PasskeySetupProps {
  /** The person whose password was right; their org names who asks. */
  me: Pick<Me, 'email' | 'org'>;
  /** The passkey was added and the session is complete: the fresh /me. */
  onDone: (me: Me) => void;
  /** The sign-in is over (expired, or the person chose another account): start again. */
  onRestart: () => void;
}

/**
 * The sign-in's second step when the account requires a passkey and has none yet: why,
 * and one button that creates it (named after this browser). The server then replaces the
 * half-signed-in session with a full one and e-mails the person that a passkey was added.
 */
export function PasskeySetup({ me, onDone, onRestart }: PasskeySetupProps) {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();
  const supported = passkeysSupported();
  const who = me.org ? me.org.name : 'Your administrator';

  async function create() {
    if (busy) return;
    setBusy(true);
    setFailure(undefined);
    try {
      await addPasskey(api, describeUserAgent(navigator.userAgent));
      onDone(await getMe(api));
    } catch (err) {
      setBusy(false);
      if (err instanceof ApiError && err.status === 401 && err.code === 'unauthenticated') {
        onRestart();
        return;
      }
      setFailure(err instanceof PasskeyError ? passkeyFailureMessage(err, 'register') : errorMessage(err));
      if (!(err instanceof ApiError || err instanceof PasskeyError)) throw err;
    }
  }

  return (
    <div className="sign-in sign-in__step">
      {failure && (
        <Alert tone="error" title="The passkey was not created">
          <p>{failure}</p>
        </Alert>
      )}
      <p>
        {who} requires a passkey for <strong>{me.email}</strong>, as well as your password. A passkey stays on this device
        (or your phone or security key) and is unlocked with your fingerprint, face or PIN, so a stolen password alone no
        longer opens your account.
      </p>
      <p className="sign-in__help">
        After this, Vouch asks for the passkey each time you sign in with your password. We&rsquo;ll e-mail you that a passkey
        was added.
      </p>
      {supported ? (
        <Button aria-busy={busy} onClick={() => void create()}>
          {busy ? 'Waiting for your device…' : 'Create a passkey and continue'}
        </Button>
      ) : (
        <Alert tone="info" title="This browser can’t create passkeys">
          <p>Open Vouch in a current version of Chrome, Edge, Firefox or Safari to create your passkey.</p>
        </Alert>
      )}
      <Button variant="secondary" onClick={onRestart}>
        Sign in as someone else
      </Button>
    </div>
  );
}
