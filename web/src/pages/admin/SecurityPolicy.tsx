import { useCallback, useEffect, useId, useState, type SubmitEvent } from 'react';
import { Link } from 'react-router';
import type { Me } from '../../api/auth';
import { useApi } from '../../api/context';
import { errorMessage, fieldMessage } from '../../api/messages';
import { getOrgPasskeyPolicy, setOrgPasskeyPolicy, type OrgPasskeyPolicy } from '../../api/passkeyPolicy';
import { ApiError } from '../../api/problem';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { TextAreaField } from '../../components/TextAreaField';
import { TextField } from '../../components/TextField';
import { Page } from '../../layout/Page';
import { useSignedIn } from '../../session/gate';
import { canSetOrgPolicy, rolesInWords } from '../../session/roles';
import { useSession } from '../../session/session';
import '../forms.css';
import './SecurityPolicy.css';

/** The server keeps reasons up to this many characters. */
const maxReasonLength = 1000;

/** The server's last answer for an org; a different org than the one asked for means loading. */
type Answer = { orgId: string } & ({ kind: 'failed'; message: string } | { kind: 'ready'; policy: OrgPasskeyPolicy });
type Notice = { tone: 'success' | 'error'; title: string; message?: string };

function NotAllowed({ me }: { me: Me }) {
  return (
    <Alert tone="info" title="This page is for administrators">
      <p>
        You are signed in as {rolesInWords(me.roles)}, which does not include setting your organization&rsquo;s sign-in
        rules. Ask your organization&rsquo;s administrator.
      </p>
      <p>
        <Link to="/account">Go to your account</Link>
      </p>
    </Alert>
  );
}

/** The org's passkey rule, and the form that changes it with a reason for the audit log. */
interface PasskeyRuleProps {
  policy: OrgPasskeyPolicy;
  onSaved: (policy: OrgPasskeyPolicy) => void;
  /** Handles a response that means the session is over or unfinished; returns whether it did. */
  onSessionProblem: (err: unknown) => boolean;
}

function PasskeyRule({ policy, onSaved, onSessionProblem }: PasskeyRuleProps) {
  const api = useApi();
  const switchId = useId();
  const [wanted, setWanted] = useState(policy.require_passkey);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string>();
  const [notice, setNotice] = useState<Notice>();
  const [busy, setBusy] = useState(false);
  const org = policy.org.name;

  async function save(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    setNotice(undefined);
    if (wanted === policy.require_passkey) {
      setNotice({ tone: 'error', title: 'Nothing to save', message: 'Turn the switch to change the rule first.' });
      return;
    }
    if (!reason.trim()) {
      setReasonError('Say why: it goes into the audit log.');
      return;
    }
    setReasonError(undefined);
    setBusy(true);
    try {
      const saved = await setOrgPasskeyPolicy(api, policy.org.id, { require_passkey: wanted, reason: reason.trim() });
      setReason('');
      onSaved(saved);
      setNotice({
        tone: 'success',
        title: saved.require_passkey
          ? `Everyone in ${org} must now confirm sign-ins with a passkey`
          : `${org} no longer requires a passkey`,
        message: saved.require_passkey
          ? 'Members were e-mailed. At their next sign-in with a password, those without a passkey create one first.'
          : 'People whose own account requires a passkey still need it.',
      });
    } catch (err) {
      if (onSessionProblem(err)) return;
      const field = err instanceof ApiError ? err.problem.errors?.find((e) => e.field === 'reason') : undefined;
      if (field) setReasonError(fieldMessage('reason', 'Reason', field.message));
      else setNotice({ tone: 'error', title: 'The rule was not changed', message: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="policy" aria-labelledby={`${switchId}-heading`}>
      <h2 id={`${switchId}-heading`}>Passkey after the password</h2>
      {/* Kept mounted so the confirmation is announced when it appears. */}
      <div role="status">
        {notice?.tone === 'success' && (
          <Alert tone="success" title={notice.title} announce={false}>
            {notice.message && <p>{notice.message}</p>}
          </Alert>
        )}
      </div>
      {notice?.tone === 'error' && (
        <Alert tone="error" title={notice.title}>
          {notice.message && <p>{notice.message}</p>}
        </Alert>
      )}
      <p className="policy__now">
        {policy.require_passkey
          ? `Now: everyone in ${org} confirms each password sign-in with one of their passkeys.`
          : `Now: a password is enough to sign in to ${org}, unless a person's own account requires a passkey.`}
      </p>
      <p className="policy__help">
        A passkey stops someone who learned a password from signing in. Signing in with a passkey alone is always allowed: it
        already proves two things, the device and the fingerprint, face or PIN.
      </p>
      <form className="policy__form" noValidate onSubmit={(event) => void save(event)}>
        <div className="policy__switch">
          <input id={switchId} type="checkbox" role="switch" checked={wanted} onChange={(e) => setWanted(e.target.checked)} />
          <label htmlFor={switchId}>Require a passkey after the password for everyone in {org}</label>
        </div>
        <TextAreaField
          label="Reason"
          description="Goes into the audit log with your name."
          maxLength={maxReasonLength}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          error={reasonError}
        />
        <Button type="submit" aria-busy={busy}>
          {busy ? 'Saving…' : 'Save'}
        </Button>
      </form>
    </section>
  );
}

/** Loads an org's rule: the customer admin's own org at once; platform admins name one. */
function PolicyEditor({ me }: { me: Me }) {
  const api = useApi();
  const session = useSession();
  const ownOrg = me.roles.includes('customer_admin') ? me.org?.id : undefined;
  const [orgId, setOrgId] = useState(ownOrg ?? '');
  const [typed, setTyped] = useState('');
  const [answer, setAnswer] = useState<Answer>();

  const { expired, refresh } = session;
  const sessionProblem = useCallback(
    (err: unknown): boolean => {
      if (!(err instanceof ApiError)) return false;
      if (err.status === 401) expired();
      else if (err.code === 'password_change_required' || err.code === 'second_factor_required') void refresh();
      else return false;
      return true;
    },
    [expired, refresh],
  );

  useEffect(() => {
    if (!orgId) return undefined;
    const abort = new AbortController();
    getOrgPasskeyPolicy(api, orgId, abort.signal).then(
      (policy) => setAnswer({ orgId, kind: 'ready', policy }),
      (err: unknown) => {
        if (abort.signal.aborted || sessionProblem(err)) return;
        setAnswer({ orgId, kind: 'failed', message: errorMessage(err) });
      },
    );
    return () => abort.abort();
  }, [api, orgId, sessionProblem]);

  const loaded = answer?.orgId === orgId ? answer : undefined;
  return (
    <>
      <p className="policy__intro">
        Sign-in rules for {ownOrg && me.org ? me.org.name : 'an organization'}. Every change is audited.
      </p>
      {!ownOrg && (
        <form
          className="policy__find"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            setOrgId(typed.trim());
          }}
        >
          <TextField
            label="Organization ID"
            name="org"
            description="The org_… id, as the audit log shows it."
            spellCheck={false}
            autoComplete="off"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
          />
          <Button type="submit" variant="secondary">
            Show rules
          </Button>
        </form>
      )}
      {orgId && answer?.orgId !== orgId && <p>Loading the rules…</p>}
      {loaded?.kind === 'failed' && (
        <Alert tone="error" title="The rules could not be loaded">
          <p>{loaded.message}</p>
        </Alert>
      )}
      {loaded?.kind === 'ready' && (
        <PasskeyRule
          key={loaded.policy.org.id}
          policy={loaded.policy}
          onSaved={(policy) => setAnswer({ orgId, kind: 'ready', policy })}
          onSessionProblem={sessionProblem}
        />
      )}
    </>
  );
}

/** An organization's sign-in rules (a passkey after the password), for its admins and platform admins. */
export function SecurityPolicy() {
  const gate = useSignedIn();
  const me = gate.me;
  return (
    <Page title="Security policy">
      {me ? canSetOrgPolicy(me.roles) ? <PolicyEditor me={me} /> : <NotAllowed me={me} /> : gate.content}
    </Page>
  );
}
