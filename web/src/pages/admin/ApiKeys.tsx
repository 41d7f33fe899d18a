import { useCallback, useEffect, useId, useRef, useState, type SubmitEvent } from 'react';
import { Link } from 'react-router';
import { createApiKey, listApiKeys, revokeApiKey, type ApiKey, type CreatedApiKey } from '../../api/apiKeys';
import { SubmissionKey } from '../../api/idempotency';
import type { Me } from '../../api/auth';
import { useApi } from '../../api/context';
import { errorMessage, fieldMessage } from '../../api/messages';
import { ApiError } from '../../api/problem';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { LoadFailed } from '../../components/LoadFailed';
import { NoticeRegion, type Notice } from '../../components/NoticeRegion';
import { TextField } from '../../components/TextField';
import { Page } from '../../layout/Page';
import { useSignedIn } from '../../session/gate';
import { canManageApiKeys, rolesInWords } from '../../session/roles';
import { useSessionEnded } from '../../session/useSessionEnded';
import '../forms.css';
import { useConfirmedAction } from '../../components/useConfirmedAction';
import { StepUpCancelled, useStepUp } from '../../stepup/useStepUp';
import './ApiKeys.css';

/** The server keeps at most 100 characters of a key's name. */
export const maxApiKeyNameLength = 100;

/** What each scope lets a key do, in plain words. */
const scopeLabels: Readonly<Record<string, string | undefined>> = {
  'payments:check': 'Check payments before they are made',
  profile: 'Read your organization’s details',
};

export function scopeLabel(scope: string): string {
  return scopeLabels[scope] ?? scope;
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

function When({ at }: { at: string }) {
  return <time dateTime={at}>{dateFormat.format(new Date(at))}</time>;
}

type ListState = { kind: 'loading' } | { kind: 'failed'; message: string } | { kind: 'forbidden' } | { kind: 'ready'; keys: ApiKey[] };

function NotAllowed({ me }: { me: Me }) {
  return (
    <Alert tone="info" title="This page is for customer administrators">
      <p>
        You are signed in as {rolesInWords(me.roles)}, which does not include managing API keys. If you need a key, ask
        your organization&rsquo;s administrator.
      </p>
      <p>
        <Link to="/account">Go to your account</Link>
      </p>
    </Alert>
  );
}

interface ItemProps {
  apiKey: ApiKey;
  onRevoke: (key: ApiKey) => Promise<boolean>;
}

function KeyItem({ apiKey, onRevoke }: ItemProps) {
  const { confirming, busy, confirmRef, triggerRef, ask, cancel, act } = useConfirmedAction(() => onRevoke(apiKey));

  return (
    <li className="api-keys__item">
      <p className="api-keys__name">{apiKey.name}</p>
      <p className="api-keys__label">Can:</p>
      <ul className="api-keys__scopes">
        {apiKey.scopes.map((scope) => (
          <li key={scope}>{scopeLabel(scope)}</li>
        ))}
      </ul>
      <p className="api-keys__dates">
        Created <When at={apiKey.created_at} />
        {' · '}
        {apiKey.last_used_at ? (
          <>
            Last used <When at={apiKey.last_used_at} />
          </>
        ) : (
          'Not used yet'
        )}
      </p>
      {confirming ? (
        <div className="api-keys__confirm" role="group" aria-label={`Revoke ${apiKey.name}?`}>
          <p>
            Revoke <strong>{apiKey.name}</strong>? Any system using it will be refused from its next request. This
            can&rsquo;t be undone.
          </p>
          <div className="api-keys__actions">
            <Button ref={confirmRef} onClick={() => void act()} aria-busy={busy}>
              {busy ? 'Revoking…' : 'Revoke key'}
            </Button>
            <Button variant="secondary" onClick={cancel}>
              Keep it
            </Button>
          </div>
        </div>
      ) : (
        <div className="api-keys__actions">
          <Button ref={triggerRef} variant="secondary" aria-label={`Revoke ${apiKey.name}`} onClick={ask}>
            Revoke
          </Button>
        </div>
      )}
    </li>
  );
}

/** The new key, shown this once, with a Copy button and a warning that it will not be shown again. */
function NewKey({ created, onDone }: { created: CreatedApiKey; onDone: () => void }) {
  const [copied, setCopied] = useState<'yes' | 'failed'>();
  const headingId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    heading.current?.focus();
  }, []);

  async function copy() {
    try {
      await navigator.clipboard.writeText(created.key);
      setCopied('yes');
    } catch {
      input.current?.select();
      setCopied('failed');
    }
  }

  return (
    <section className="api-keys__new" aria-labelledby={headingId}>
      <h2 id={headingId} ref={heading} tabIndex={-1}>
        Key &ldquo;{created.name}&rdquo; created
      </h2>
      <p className="api-keys__warning">
        <strong>Copy this key now. It will not be shown again.</strong> Vouch keeps only a fingerprint of it. If you lose
        it, revoke it and create a new one.
      </p>
      <TextField
        ref={input}
        label="Your new API key"
        name="api-key-secret"
        readOnly
        value={created.key}
        autoComplete="off"
        spellCheck={false}
        className="api-keys__secret"
        onFocus={(e) => e.currentTarget.select()}
      />
      <div className="api-keys__actions">
        <Button onClick={() => void copy()}>Copy key</Button>
        <Button variant="secondary" onClick={onDone}>
          I&rsquo;ve saved it
        </Button>
      </div>
      <p aria-live="polite" className="api-keys__copied">
        {copied === 'yes' && 'Copied to the clipboard.'}
        {copied === 'failed' && 'Your browser did not allow copying: the key is selected, copy it yourself.'}
      </p>
      <p className="api-keys__usage">
        Your system sends it with every request as <code>Authorization: Bearer &lt;key&gt;</code>.
      </p>
    </section>
  );
}

function KeyManager() {
  const api = useApi();
  const [list, setList] = useState<ListState>({ kind: 'loading' });
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string>();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedApiKey>();
  const [notice, setNotice] = useState<Notice>();
  const nameInput = useRef<HTMLInputElement>(null);
  // One key per API key being created: pressing Create again after a lost answer creates one key, not two.
  const attempt = useRef(new SubmissionKey());
  const listHeadingId = useId();
  const { withStepUp, dialog } = useStepUp();

  const sessionEnded = useSessionEnded({ unauthenticatedOnly: true });

  const load = useCallback(
    () =>
      listApiKeys(api).then(
        (keys) => setList({ kind: 'ready', keys }),
        (err: unknown) => {
          if (sessionEnded(err)) return;
          if (err instanceof ApiError && err.code === 'forbidden') {
            setList({ kind: 'forbidden' });
            return;
          }
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

  async function create(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (creating) return;
    setNotice(undefined);
    setNameError(undefined);
    const chosen = name.trim();
    if (!chosen) {
      setNameError('Enter a name for the key, for example the system that will use it.');
      nameInput.current?.focus();
      return;
    }
    setCreating(true);
    try {
      // A new key is a lasting credential: the server asks for a fresh step-up first.
      const idempotencyKey = attempt.current.keyFor({ name: chosen });
      const key = await withStepUp(() => createApiKey(api, chosen, idempotencyKey));
      attempt.current = new SubmissionKey();
      setList((current) => (current.kind === 'ready' ? { kind: 'ready', keys: [...current.keys, withoutSecret(key)] } : current));
      setName('');
      setCreated(key);
    } catch (err) {
      if (sessionEnded(err)) return;
      if (err instanceof StepUpCancelled) {
        setNotice({
          tone: 'error',
          title: 'The key was not created',
          message: 'Vouch needs you to confirm it’s you before it creates a key. Try again when you’re ready.',
        });
        nameInput.current?.focus();
        return;
      }
      const field = err instanceof ApiError ? err.problem.errors?.find((e) => e.field === 'name') : undefined;
      if (field) {
        setNameError(fieldMessage('name', 'Name', field.message));
        nameInput.current?.focus();
      } else {
        setNotice({ tone: 'error', title: 'The key was not created', message: errorMessage(err) });
      }
      if (!(err instanceof ApiError)) throw err;
    } finally {
      setCreating(false);
    }
  }

  async function revoke(key: ApiKey): Promise<boolean> {
    setNotice(undefined);
    try {
      await revokeApiKey(api, key.id);
    } catch (err) {
      if (sessionEnded(err)) return false;
      if (!(err instanceof ApiError && err.status === 404)) {
        setNotice({ tone: 'error', title: `“${key.name}” was not revoked`, message: errorMessage(err) });
        if (!(err instanceof ApiError)) throw err;
        return false;
      }
    }
    setList((current) => (current.kind === 'ready' ? { kind: 'ready', keys: current.keys.filter((k) => k.id !== key.id) } : current));
    if (created?.id === key.id) setCreated(undefined);
    setNotice({ tone: 'success', title: `Key “${key.name}” revoked`, message: 'Systems using it are refused from now on.' });
    nameInput.current?.focus();
    return true;
  }

  if (list.kind === 'forbidden') return null;

  return (
    <>
      {dialog}
      <p className="api-keys__intro">
        An API key lets your accounts-payable or ERP system connect to Vouch and check a payment before it is made, without
        anyone signing in.
      </p>
      <NoticeRegion notice={notice} />
      {created && (
        <NewKey
          created={created}
          onDone={() => {
            setCreated(undefined);
            nameInput.current?.focus();
          }}
        />
      )}
      <form className="api-keys__create" noValidate onSubmit={(event) => void create(event)}>
        <TextField
          ref={nameInput}
          label="Key name"
          name="api-key-name"
          description="Which system will use it, for example “SAP payments run”."
          autoComplete="off"
          required
          maxLength={maxApiKeyNameLength}
          value={name}
          error={nameError}
          onChange={(e) => setName(e.target.value)}
        />
        <Button type="submit" aria-busy={creating}>
          {creating ? 'Creating…' : 'Create key'}
        </Button>
      </form>
      <section className="api-keys__section" aria-labelledby={listHeadingId}>
        <h2 id={listHeadingId}>Your organization&rsquo;s keys</h2>
        {list.kind === 'loading' && <p className="api-keys__status">Loading your API keys…</p>}
        {list.kind === 'failed' && (
          <LoadFailed title="Your API keys could not be loaded" message={list.message} onRetry={retry} />
        )}
        {list.kind === 'ready' &&
          (list.keys.length ? (
            <ul className="api-keys__list" aria-label="API keys">
              {list.keys.map((key) => (
                <KeyItem key={key.id} apiKey={key} onRevoke={revoke} />
              ))}
            </ul>
          ) : (
            <div className="api-keys__empty">
              <p>
                <strong>Your organization has no API keys yet.</strong>
              </p>
              <p>
                Create one to connect your accounts-payable (AP) or ERP system to Vouch, so it can pre-check each payment
                to a supplier before the money leaves. Give each system its own key, so you can revoke one without
                affecting the others.
              </p>
            </div>
          ))}
      </section>
    </>
  );
}

/** What the list keeps of a new key: never the secret. */
function withoutSecret({ id, name, scopes, created_at, last_used_at }: CreatedApiKey): ApiKey {
  return { id, name, scopes, created_at, last_used_at };
}

/** /admin/api-keys: a customer administrator's API keys: list, create (shown once), revoke. */
export function ApiKeys() {
  const gate = useSignedIn();
  const { me } = gate;
  return (
    <Page title="API keys">
      <div className="narrow">{me ? canManageApiKeys(me.roles) ? <KeyManager /> : <NotAllowed me={me} /> : gate.content}</div>
    </Page>
  );
}
