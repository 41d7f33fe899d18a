import { useCallback, useEffect, useId, useRef, useState, type SubmitEvent } from 'react';
import { useApi } from '../api/context';
import { errorMessage } from '../api/messages';
import { deletePasskey, listPasskeys, type Passkey } from '../api/passkeys';
import { ApiError } from '../api/problem';
import { Alert } from '../components/Alert';
import { Button } from '../components/Button';
import { LoadFailed } from '../components/LoadFailed';
import { NoticeRegion, type Notice } from '../components/NoticeRegion';
import { TextField } from '../components/TextField';
import { addPasskey, PasskeyError, passkeyFailureMessage, passkeysSupported } from '../passkeys/webauthn';
import { useSessionEnded } from '../session/useSessionEnded';
import { useConfirmedAction } from '../components/useConfirmedAction';
import { StepUpCancelled, useStepUp } from '../stepup/useStepUp';
import './Passkeys.css';

/** The server keeps at most 64 characters of a passkey's name. */
export const maxPasskeyNameLength = 64;

const stepUpCancelledMessage = 'Vouch needs you to confirm it’s you before this change. Try again when you’re ready.';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

function When({ at }: { at: string }) {
  return <time dateTime={at}>{dateFormat.format(new Date(at))}</time>;
}

type ListState = { kind: 'loading' } | { kind: 'failed'; message: string } | { kind: 'ready'; passkeys: Passkey[] };

interface ItemProps {
  passkey: Passkey;
  onRemove: (passkey: Passkey) => Promise<boolean>;
}

/** One passkey: its name and dates, a synced badge, a clone warning, and removal after a confirmation. */
function PasskeyItem({ passkey, onRemove }: ItemProps) {
  const { confirming, busy, confirmRef, triggerRef, ask, cancel, act } = useConfirmedAction(() => onRemove(passkey));

  return (
    <li className="passkeys__item">
      <p className="passkeys__name">
        <span>{passkey.name}</span>
        {passkey.backup_state && (
<span className="passkeys__badge">Synced</span>
        )}
      </p>
      <p className="passkeys__dates">
        Added <When at={passkey.created_at} />
        {' · '}
        {passkey.last_used_at ? (
          <>
            Last used <When at={passkey.last_used_at} />
          </>
        ) : (
          'Not used yet'
        )}
      </p>
      {passkey.clone_warning && (
        <p className="passkeys__warning">
          <strong>Vouch stopped accepting this passkey:</strong> it may have been copied to another device. Remove it and add a
          new one.
        </p>
      )}
      {confirming ? (
        <div className="passkeys__confirm" role="group" aria-label={`Remove ${passkey.name}?`}>
          <p>
            Remove <strong>{passkey.name}</strong>? You won&rsquo;t be able to sign in with it any more. This can&rsquo;t be
            undone.
          </p>
          <div className="passkeys__actions">
            <Button ref={confirmRef} onClick={() => void act()} aria-busy={busy}>
              {busy ? 'Removing…' : 'Remove passkey'}
            </Button>
            <Button variant="secondary" onClick={cancel}>
              Keep it
            </Button>
          </div>
        </div>
      ) : (
        <div className="passkeys__actions">
          {/* The name makes each "Remove" unique out of context; it starts with the visible word. */}
          <Button ref={triggerRef} variant="secondary" aria-label={`Remove ${passkey.name}`} onClick={ask}>
            Remove
          </Button>
        </div>
      )}
    </li>
  );
}

/**
 * The account page's passkeys: the list, adding one (an optional name, then the browser's
 * own prompt) and removing one. Browsers without WebAuthn are told so and offered nothing
 * to click.
 */
export function Passkeys() {
  const api = useApi();
  const supported = passkeysSupported();
  const [list, setList] = useState<ListState>({ kind: 'loading' });
  const [name, setName] = useState('');
  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useState<Notice>();
  const headingId = useId();
  const nameInput = useRef<HTMLInputElement>(null);
  // Once you have a passkey, adding or removing one needs a fresh step-up (decision 0017).
  const { withStepUp, dialog } = useStepUp();

  // Answers that mean the page cannot go on: the session ended, or a forced reset came due.
  const sessionEnded = useSessionEnded({ unauthenticatedOnly: true });

  const load = useCallback(
    () =>
      listPasskeys(api).then(
        (passkeys) => setList({ kind: 'ready', passkeys }),
        (err: unknown) => {
          if (sessionEnded(err)) return;
          setList({ kind: 'failed', message: errorMessage(err) });
          if (!(err instanceof ApiError)) throw err;
        },
      ),
    [api, sessionEnded],
  );

  useEffect(() => {
    void load();
  }, [load]);

  function retry() {
    setList({ kind: 'loading' });
    void load();
  }

  async function add(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (adding) return;
    setAdding(true);
    setNotice(undefined);
    const chosen = name.trim();
    try {
      const passkey = await withStepUp(() => addPasskey(api, chosen));
      setList((current) => (current.kind === 'ready' ? { kind: 'ready', passkeys: [...current.passkeys, passkey] } : current));
      setName('');
      setNotice({
        tone: 'success',
        title: `Passkey “${passkey.name}” added`,
        message: 'Next time, choose “Sign in with a passkey” on the sign-in page.',
      });
    } catch (err) {
      if (sessionEnded(err)) return;
      if (err instanceof StepUpCancelled) {
        setNotice({ tone: 'error', title: 'The passkey was not added', message: stepUpCancelledMessage });
        return;
      }
      const message = err instanceof PasskeyError ? passkeyFailureMessage(err, 'register') : errorMessage(err);
      setNotice({ tone: 'error', title: 'The passkey was not added', message });
      if (!(err instanceof ApiError || err instanceof PasskeyError)) throw err;
    } finally {
      setAdding(false);
    }
  }

  async function remove(passkey: Passkey): Promise<boolean> {
    setNotice(undefined);
    try {
      await withStepUp(() => deletePasskey(api, passkey.id));
    } catch (err) {
      if (sessionEnded(err)) return false;
      if (err instanceof StepUpCancelled) {
        setNotice({ tone: 'error', title: `“${passkey.name}” was not removed`, message: stepUpCancelledMessage });
        return false;
      }
      // Already gone: the list was out of date, so it only loses the row.
      if (!(err instanceof ApiError && err.status === 404)) {
        setNotice({ tone: 'error', title: `“${passkey.name}” was not removed`, message: errorMessage(err) });
        if (!(err instanceof ApiError)) throw err;
        return false;
      }
    }
    setList((current) =>
      current.kind === 'ready' ? { kind: 'ready', passkeys: current.passkeys.filter((p) => p.id !== passkey.id) } : current,
    );
    setNotice({ tone: 'success', title: `Passkey “${passkey.name}” removed` });
    nameInput.current?.focus();
    return true;
  }

  return (
    <section className="passkeys" id="passkeys" aria-labelledby={headingId}>
      {dialog}
      <h2 id={headingId}>Passkeys</h2>
      <p className="passkeys__intro">
        A passkey signs you in with your fingerprint, face or device PIN instead of your password. It can&rsquo;t be
        phished or guessed, and it stays on your device or in your password manager.
      </p>
      <NoticeRegion notice={notice} />
      {list.kind === 'loading' && <p className="passkeys__status">Loading your passkeys…</p>}
      {list.kind === 'failed' && (
        <LoadFailed title="Your passkeys could not be loaded" message={list.message} onRetry={retry} />
      )}
      {list.kind === 'ready' &&
        (list.passkeys.length ? (
          <ul className="passkeys__list" aria-label="Your passkeys">
            {list.passkeys.map((passkey) => (
              <PasskeyItem key={passkey.id} passkey={passkey} onRemove={remove} />
            ))}
          </ul>
        ) : (
          <div className="passkeys__empty">
            <p>
              <strong>You have no passkeys yet.</strong>
            </p>
            <p>
              Add one for this device and your next sign-in is a single tap, with no password to type or remember.
            </p>
          </div>
        ))}
      {supported ? (
        <form className="passkeys__add" noValidate onSubmit={(event) => void add(event)}>
          <TextField
            ref={nameInput}
            label="Passkey name (optional)"
            name="passkey-name"
            description="To tell your passkeys apart later, for example “Work laptop” or “Phone”."
            autoComplete="off"
            maxLength={maxPasskeyNameLength}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
          <Button type="submit" aria-busy={adding}>
            {adding ? 'Waiting for your device…' : 'Add a passkey'}
          </Button>
        </form>
      ) : (
        <Alert tone="info" title="This browser can't use passkeys" announce={false}>
          <p>
            Open Vouch in a current version of Chrome, Edge, Firefox or Safari to add a passkey. You can keep signing in
            with your password here.
          </p>
        </Alert>
      )}
    </section>
  );
}
