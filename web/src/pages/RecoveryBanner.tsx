import { useEffect, useRef, useState } from 'react';
import { useApi } from '../api/context';
import { errorMessage } from '../api/messages';
import { ApiError } from '../api/problem';
import { cancelMyRecovery, myRecovery, type Recovery } from '../api/recovery';
import { Alert } from '../components/Alert';
import { Button } from '../components/Button';
import { Moment } from './Recover';

type State =
  | { kind: 'none' }
  | { kind: 'pending'; recovery: Recovery; busy: boolean; failure?: string | undefined }
  | { kind: 'cancelled' };

/**
 * On the account page: a recovery of your own account is waiting (someone asked to remove
 * every passkey). Whoever can still sign in may cancel it: that is what the wait is for.
 */
export function RecoveryBanner() {
  const api = useApi();
  const [state, setState] = useState<State>({ kind: 'none' });
  const done = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let live = true;
    // A failure to load leaves the page as it is: the e-mail said the same thing.
    myRecovery(api).then(
      (recovery) => live && setState(recovery ? { kind: 'pending', recovery, busy: false } : { kind: 'none' }),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api]);

  useEffect(() => {
    if (state.kind === 'cancelled') done.current?.focus();
  }, [state.kind]);

  async function cancel() {
    if (state.kind !== 'pending' || state.busy) return;
    setState({ ...state, busy: true, failure: undefined });
    try {
      await cancelMyRecovery(api);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'recovery_not_found') {
        setState({ kind: 'none' });
        return;
      }
      setState({ ...state, busy: false, failure: errorMessage(err) });
      if (!(err instanceof ApiError)) throw err;
      return;
    }
    setState({ kind: 'cancelled' });
  }

  if (state.kind === 'none') return null;
  if (state.kind === 'cancelled') {
    return (
      <div ref={done} tabIndex={-1}>
        <Alert tone="success" title="Recovery cancelled">
          <p>Your passkeys stay as they are. If you didn&rsquo;t start it, tell your administrator.</p>
        </Alert>
      </div>
    );
  }
  const { recovery } = state;
  return (
    <Alert tone="error" title="Someone is recovering your account">
      <p>
        On <Moment at={recovery.created_at} /> a request to remove every passkey of your account was started from{' '}
        {recovery.requested_ip || 'an unknown address'}. It can finish after <Moment at={recovery.ready_at} />.
      </p>
      <p>If this wasn&rsquo;t you, cancel it now and tell your administrator.</p>
      {state.failure && <p>{state.failure}</p>}
      <Button onClick={() => void cancel()} aria-busy={state.busy}>
        {state.busy ? 'Cancelling…' : 'Cancel the recovery'}
      </Button>
    </Alert>
  );
}
