import { useCallback, useEffect, useId, useRef, useState, type SubmitEvent } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import type { Me } from '../../api/auth';
import { useApi } from '../../api/context';
import { errorMessage, fieldMessage } from '../../api/messages';
import { ApiError } from '../../api/problem';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { LoadFailed } from '../../components/LoadFailed';
import { NoticeRegion, type Notice } from '../../components/NoticeRegion';
import { TextField } from '../../components/TextField';
import { useConfirmedAction } from '../../components/useConfirmedAction';
import { Page } from '../../layout/Page';
import { useSignedIn } from '../../session/gate';
import { canManageUsers, isPlatformAdmin, rolesInWords } from '../../session/roles';
import { useSessionEnded } from '../../session/useSessionEnded';
import { addIpRule, listIpRules, removeIpRule, type IpRule, type IpRuleScope } from './IpRulesApi';
import { cidrProblem } from './IpRulesCidr';
import '../forms.css';
import './IpRules.css';

/** The server keeps at most this many characters of a rule's note. */
export const maxNoteLength = 500;

type ListState =
  | { kind: 'loading' }
  | { kind: 'failed'; message: string }
  | { kind: 'forbidden' }
  | { kind: 'ready'; rules: IpRule[]; yourIp: string };

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** Words that differ between the site's list and a user's. */
interface Wording {
  listName: string;
  empty: string;
  lockOut: (yourIp: string) => string;
}

function wordingFor(scope: IpRuleScope, who: string): Wording {
  if (scope.kind === 'site') {
    return {
      listName: 'Site-wide allowed networks',
      empty:
        'No site-wide rules: Vouch answers every address. Add a rule to allow only the networks you list; everyone else then sees “not allowed from this network”.',
      lockOut: (ip) =>
        `Vouch would then refuse your own address (${ip}), and you could not undo it. Add a rule that covers ${ip} first.`,
    };
  }
  return {
    listName: `Networks ${who} may use`,
    empty: `No rules: ${who} may sign in from any address. Add a rule to allow only the networks you list; from anywhere else their sign-in and every request is refused.`,
    lockOut: (ip) => `You would lose access from your own address (${ip}). Add a rule that covers ${ip} first.`,
  };
}

function RuleItem({ rule, onRemove }: { rule: IpRule; onRemove: (rule: IpRule) => Promise<boolean> }) {
  const { confirming, busy, confirmRef, triggerRef, ask, cancel, act } = useConfirmedAction(() => onRemove(rule));
  return (
    <li className="ip-rules__item">
      <p className="ip-rules__cidr">
        <code>{rule.cidr}</code>
      </p>
      {rule.note ? <p className="ip-rules__note">{rule.note}</p> : <p className="ip-rules__note ip-rules__none">No note</p>}
      <p className="ip-rules__meta">
        Added <time dateTime={rule.created_at}>{dateFormat.format(new Date(rule.created_at))}</time>
      </p>
      {confirming ? (
        <div className="ip-rules__confirm" role="group" aria-label={`Remove ${rule.cidr}?`}>
          <p>
            Remove <strong>{rule.cidr}</strong>? Addresses in it are refused from the next request unless another rule
            covers them.
          </p>
          <div className="ip-rules__actions">
            <Button ref={confirmRef} onClick={() => void act()} aria-busy={busy}>
              {busy ? 'Removing…' : 'Remove rule'}
            </Button>
            <Button variant="secondary" onClick={cancel}>
              Keep it
            </Button>
          </div>
        </div>
      ) : (
        <div className="ip-rules__actions">
          <Button ref={triggerRef} variant="secondary" aria-label={`Remove ${rule.cidr}`} onClick={ask}>
            Remove
          </Button>
        </div>
      )}
    </li>
  );
}

/** The list of one allowlist with its add form; the scope picks the endpoints. */
export function IpRulesEditor({ scope, who }: { scope: IpRuleScope; who: string }) {
  const api = useApi();
  const [list, setList] = useState<ListState>({ kind: 'loading' });
  const [cidr, setCidr] = useState('');
  const [note, setNote] = useState('');
  const [cidrError, setCidrError] = useState<string>();
  const [noteError, setNoteError] = useState<string>();
  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useState<Notice>();
  const cidrInput = useRef<HTMLInputElement>(null);
  const noteInput = useRef<HTMLInputElement>(null);
  const listHeadingId = useId();
  const wording = wordingFor(scope, who);
  const yourIp = list.kind === 'ready' ? list.yourIp : undefined;

  const sessionEnded = useSessionEnded();

  const scopeKey = scope.kind === 'site' ? 'site' : scope.userId;
  const load = useCallback(
    (signal?: AbortSignal) =>
      listIpRules(api, scope, signal).then(
        ({ rules, yourIp: ip }) => setList({ kind: 'ready', rules, yourIp: ip }),
        (err: unknown) => {
          if (signal?.aborted || sessionEnded(err)) return;
          if (err instanceof ApiError && err.code === 'forbidden') setList({ kind: 'forbidden' });
          else setList({ kind: 'failed', message: errorMessage(err) });
        },
      ),
    // The scope object is new on every render; its key is what matters.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, scopeKey, sessionEnded],
  );

  useEffect(() => {
    const abort = new AbortController();
    void load(abort.signal);
    return () => abort.abort();
  }, [load]);

  function retry() {
    setList({ kind: 'loading' });
    void load();
  }

  async function add(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (adding) return;
    setNotice(undefined);
    setNoteError(undefined);
    const problem = cidrProblem(cidr);
    setCidrError(problem);
    if (problem) {
      cidrInput.current?.focus();
      return;
    }
    setAdding(true);
    try {
      const rule = await addIpRule(api, scope, cidr.trim(), note.trim());
      setList((was) => (was.kind === 'ready' ? { ...was, rules: [...was.rules, rule] } : was));
      setCidr('');
      setNote('');
      const canonical = rule.cidr === cidr.trim() ? '' : ` (stored as ${rule.cidr})`;
      setNotice({ tone: 'success', title: `${rule.cidr} allowed`, message: `The rule you entered${canonical} is in force now.` });
      cidrInput.current?.focus();
    } catch (err) {
      if (sessionEnded(err)) return;
      showAddError(err);
    } finally {
      setAdding(false);
    }
  }

  function showAddError(err: unknown) {
    if (err instanceof ApiError) {
      if (err.code === 'invalid_cidr' || err.code === 'duplicate_rule') {
        setCidrError(err.code === 'duplicate_rule' ? errorMessage(err) : (err.problem.detail ?? errorMessage(err)));
        cidrInput.current?.focus();
        return;
      }
      const noteField = err.problem.errors?.find((e) => e.field === 'note');
      const cidrField = err.problem.errors?.find((e) => e.field === 'cidr');
      if (noteField || cidrField) {
        if (cidrField) setCidrError(fieldMessage('cidr', 'The address or range', cidrField.message));
        if (noteField) setNoteError(fieldMessage('note', 'The note', noteField.message));
        (cidrField ? cidrInput : noteInput).current?.focus();
        return;
      }
      if (err.code === 'would_lock_out_self' && yourIp) {
        setNotice({ tone: 'error', title: 'The rule was not added', message: wording.lockOut(yourIp) });
        return;
      }
    }
    setNotice({ tone: 'error', title: 'The rule was not added', message: errorMessage(err) });
  }

  async function remove(rule: IpRule): Promise<boolean> {
    setNotice(undefined);
    try {
      await removeIpRule(api, scope, rule.id);
    } catch (err) {
      if (sessionEnded(err)) return false;
      if (!(err instanceof ApiError && err.code === 'rule_not_found')) {
        const message = err instanceof ApiError && err.code === 'would_lock_out_self' && yourIp ? wording.lockOut(yourIp) : errorMessage(err);
        setNotice({ tone: 'error', title: `${rule.cidr} was not removed`, message });
        return false;
      }
    }
    setList((was) => (was.kind === 'ready' ? { ...was, rules: was.rules.filter((r) => r.id !== rule.id) } : was));
    setNotice({ tone: 'success', title: `${rule.cidr} removed` });
    cidrInput.current?.focus();
    return true;
  }

  if (list.kind === 'forbidden') {
    return (
      <Alert tone="info" title="You can't manage this list">
        <p>{scope.kind === 'site' ? 'Only platform administrators keep the site-wide list.' : 'This user is outside what you can manage.'}</p>
      </Alert>
    );
  }

  return (
    <>
      <p className="ip-rules__intro">
        {scope.kind === 'site'
          ? 'These networks may reach Vouch at all. An empty list means every address is allowed.'
          : `These networks may be used by ${who}, at sign-in and on every request. An empty list means every address is allowed.`}
      </p>
      {yourIp && (
        <p className="ip-rules__you">
          Your address, as Vouch sees it: <code>{yourIp}</code>
        </p>
      )}
      <NoticeRegion notice={notice} />
      <form className="ip-rules__add" noValidate aria-label="Add a rule" onSubmit={(event) => void add(event)}>
        <TextField
          ref={cidrInput}
          label="Address or range (CIDR)"
          name="cidr"
          description="One address (203.0.113.7) or a range (203.0.113.0/24, 2001:db8::/48)."
          autoComplete="off"
          spellCheck={false}
          required
          value={cidr}
          error={cidrError}
          onChange={(e) => setCidr(e.target.value)}
        />
        <TextField
          ref={noteInput}
          label="Note (optional)"
          name="note"
          description="Whose network this is, for example “Head office VPN”."
          autoComplete="off"
          maxLength={maxNoteLength}
          value={note}
          error={noteError}
          onChange={(e) => setNote(e.target.value)}
        />
        <Button type="submit" aria-busy={adding}>
          {adding ? 'Adding…' : 'Add rule'}
        </Button>
      </form>
      <section className="ip-rules__section" aria-labelledby={listHeadingId}>
        <h2 id={listHeadingId}>{wording.listName}</h2>
        {list.kind === 'loading' && <p>Loading the rules…</p>}
        {list.kind === 'failed' && (
          <LoadFailed title="The rules could not be loaded" message={list.message} onRetry={retry} />
        )}
        {list.kind === 'ready' &&
          (list.rules.length ? (
            <ul className="ip-rules__list" aria-label="Rules">
              {list.rules.map((rule) => (
                <RuleItem key={rule.id} rule={rule} onRemove={remove} />
              ))}
            </ul>
          ) : (
            <div className="ip-rules__empty">
              <p>
                <strong>Every address is allowed.</strong>
              </p>
              <p>{wording.empty}</p>
            </div>
          ))}
      </section>
    </>
  );
}

function NotAllowed({ me, what }: { me: Me; what: string }) {
  return (
    <Alert tone="info" title={`This page is for ${what}`}>
      <p>You are signed in as {rolesInWords(me.roles)}, which does not include managing IP rules.</p>
      <p>
        <Link to="/account">Go to your account</Link>
      </p>
    </Alert>
  );
}

/** /admin/ip-rules: the site-wide allowlist (platform administrators). */
export function SiteIpRules() {
  const gate = useSignedIn();
  const { me } = gate;
  return (
    <Page title="IP rules">
      <div className="narrow">
        {me ? (
          isPlatformAdmin(me.roles) ? (
            <IpRulesEditor scope={{ kind: 'site' }} who="everyone" />
          ) : (
            <NotAllowed me={me} what="platform administrators" />
          )
        ) : (
          gate.content
        )}
      </div>
    </Page>
  );
}

/** What AdminUsers passes along with the link, so the page can name the user. */
export interface UserIpRulesState {
  email?: string;
}

/** /admin/users/:id/ip-rules: one user's allowlist (staff who manage that user). */
export function UserIpRules() {
  const gate = useSignedIn();
  const { me } = gate;
  const { id = '' } = useParams();
  const state = useLocation().state as UserIpRulesState | null;
  const who = state?.email ?? 'this user';
  return (
    <Page title={state?.email ? `IP rules for ${state.email}` : 'IP rules for a user'}>
      <div className="narrow">
        <p>
          <Link to="/admin/users">Back to users</Link>
        </p>
        {me ? (
          canManageUsers(me.roles) ? (
            <IpRulesEditor scope={{ kind: 'user', userId: id }} who={who} />
          ) : (
            <NotAllowed me={me} what="administrators and support staff" />
          )
        ) : (
          gate.content
        )}
      </div>
    </Page>
  );
}
