import { useEffect, useId, useRef, useState, type SubmitEvent } from 'react';
import { Link } from 'react-router';
import type { Me } from '../../api/auth';
import { useApi } from '../../api/context';
import { errorMessage, fieldMessage } from '../../api/messages';
import { ApiError } from '../../api/problem';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { LoadFailed } from '../../components/LoadFailed';
import { TextField } from '../../components/TextField';
import { Page } from '../../layout/Page';
import { useSignedIn } from '../../session/gate';
import { canManageUsers, isPlatformAdmin, isPlatformStaff, roleLabel, rolesInWords } from '../../session/roles';
import { useSessionEnded } from '../../session/useSessionEnded';
import { describeUserAgent } from '../userAgent';
import { auditCsvHref, auditPageSize, listAudit, verifyAudit, type AuditEvent, type AuditFilter, type AuditVerdict } from './AuditApi';
import { verificationMethods } from './staffAction';
import './AuditLog.css';

/** The form's fields as typed; from and to are datetime-local values in the browser's time zone. */
interface Draft {
  action: string;
  actor_id: string;
  target_id: string;
  org_id: string;
  from: string;
  to: string;
}

type DraftErrors = Partial<Record<keyof Draft, string>>;

const emptyDraft: Draft = { action: '', actor_id: '', target_id: '', org_id: '', from: '', to: '' };

const fieldLabels: Readonly<Record<keyof Draft, string>> = {
  action: 'Action starts with',
  actor_id: 'Actor id',
  target_id: 'Target id',
  org_id: 'Organization id',
  from: 'From',
  to: 'Until',
};

/**
 * A datetime-local value as the RFC 3339 UTC time the API takes ("" stays ""), or
 * undefined when it is not a date and time. The input has no zone: it is the browser's.
 */
export function localInputToUtc(value: string): string | undefined {
  const v = value.trim();
  if (!v) return '';
  // ECMAScript reads a date-time without an offset as local time, which is what the input shows.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(v)) return undefined;
  const at = new Date(v);
  if (Number.isNaN(at.getTime())) return undefined;
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The filter to send, or what is wrong with the form; `badInput` names fields the browser could not read. */
function toFilter(draft: Draft, withOrg: boolean, badInput: ReadonlySet<keyof Draft>): { filter: AuditFilter; errors: DraftErrors } {
  const errors: DraftErrors = {};
  const from = localInputToUtc(draft.from);
  const to = localInputToUtc(draft.to);
  for (const [name, value] of [['from', from], ['to', to]] as const) {
    if (value === undefined || badInput.has(name)) errors[name] = 'Enter a complete date and time, or leave the field empty.';
  }
  if (from && to && !errors.from && !errors.to && from >= to) errors.to = 'Until must be later than From.';
  const filter: AuditFilter = {
    // Actions are lowercase; PostgreSQL compares the prefix case-sensitively.
    action: draft.action.trim().toLowerCase(),
    actor_id: draft.actor_id.trim(),
    target_id: draft.target_id.trim(),
    from: from ?? '',
    to: to ?? '',
  };
  if (withOrg) filter.org_id = draft.org_id.trim();
  return { filter, errors };
}

function isFiltered(filter: AuditFilter): boolean {
  return Object.values(filter).some((v) => typeof v === 'string' && v !== '');
}

/** The server's field errors on the form's fields, or undefined when it named none of them. */
function serverFieldErrors(err: ApiError): DraftErrors | undefined {
  const errors: DraftErrors = {};
  for (const e of err.problem.errors ?? []) {
    if (e.field in fieldLabels) {
      const field = e.field as keyof Draft;
      errors[field] = fieldMessage(field, fieldLabels[field], e.message);
    }
  }
  return Object.keys(errors).length ? errors : undefined;
}

/** What the list shows; `n` makes a resubmitted, unchanged filter load again. */
interface Query {
  filter: AuditFilter;
  n: number;
}

type Older = { kind: 'idle' } | { kind: 'loading' } | { kind: 'failed'; message: string };
type ListState =
  | { kind: 'loading' }
  | { kind: 'failed'; message: string }
  | { kind: 'forbidden' }
  | { kind: 'ready'; events: AuditEvent[]; more: boolean; older: Older };

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const countFormat = new Intl.NumberFormat();

function plural(n: number, one: string, many: string): string {
  return `${countFormat.format(n)} ${n === 1 ? one : many}`;
}

function methodLabel(method: string): string {
  return verificationMethods.find((m) => m.value === method)?.label ?? method;
}

function detailText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function Label({ children }: { children: string }) {
  // The column header says it for screen readers; this shows it on the phone's cards.
  return (
    <span className="audit__label" aria-hidden="true">
      {children}
    </span>
  );
}

function EventRow({ event, showOrg }: { event: AuditEvent; showOrg: boolean }) {
  // The schema types details as an empty object; it is any small JSON object, so each value is read as unknown.
  const details = Object.entries(event.details ?? {});
  return (
    <tr>
      <td>
        <Label>Time</Label>
        <div>
          <time dateTime={event.at}>{timeFormat.format(new Date(event.at))}</time>
          <span className="audit__muted">Event #{event.seq}</span>
        </div>
      </td>
      <td>
        <Label>Action</Label>
        <code className="audit__code">{event.action}</code>
      </td>
      <td>
        <Label>Actor</Label>
        {event.actor_id ? (
          <div>
            <code className="audit__code">{event.actor_id}</code>
            {event.actor_role && <span className="audit__muted">{roleLabel(event.actor_role)}</span>}
          </div>
        ) : (
          <span>Vouch itself</span>
        )}
      </td>
      <td>
        <Label>Target</Label>
        <div>
          {event.target_id || event.target_type ? (
            <>
              {event.target_type && <span className="audit__muted">{event.target_type}</span>}
              {event.target_id && <code className="audit__code">{event.target_id}</code>}
            </>
          ) : (
            <span className="audit__muted">None</span>
          )}
          {showOrg && event.org_id && (
            <span className="audit__muted">
              in <code className="audit__code">{event.org_id}</code>
            </span>
          )}
        </div>
      </td>
      <td>
        <Label>IP address</Label>
        <div>
          {event.ip ? <code className="audit__code">{event.ip}</code> : <span className="audit__muted">No address (command line or job)</span>}
          {event.user_agent && (
            <span className="audit__muted" title={event.user_agent}>
              {describeUserAgent(event.user_agent)}
            </span>
          )}
        </div>
      </td>
      <td>
        <Label>Reason and details</Label>
        <div>
          {event.reason ? <span className="audit__reason">{event.reason}</span> : <span className="audit__muted">No reason given</span>}
          {event.verified_by_method && (
            <span className="audit__muted">
              Verified: {methodLabel(event.verified_by_method)}
              {event.verified_by_note && `: ${event.verified_by_note}`}
            </span>
          )}
          {details.length > 0 && (
            <dl className="audit__details">
              {details.map(([key, value]) => (
                <div key={key}>
                  <dt>{key}</dt>
                  <dd>{detailText(value)}</dd>
                </div>
              ))}
            </dl>
          )}
        </div>
      </td>
    </tr>
  );
}

function summary(list: ListState, filtered: boolean): string {
  if (list.kind === 'loading') return 'Loading events…';
  if (list.kind !== 'ready') return '';
  const n = list.events.length;
  if (n === 0) return filtered ? 'No events match these filters.' : 'No events have been recorded yet.';
  const noun = filtered ? 'matching ' : '';
  if (list.more) return `Showing the ${countFormat.format(n)} newest ${noun}events.`;
  return n === 1 ? `Showing the only ${noun}event.` : `Showing all ${countFormat.format(n)} ${noun}events.`;
}

function brokenReason(reason: string | undefined): string {
  switch (reason) {
    case 'seq gap':
      return 'Its number does not follow the event before it: events before it are missing.';
    case 'prev_hash mismatch':
      return 'It does not link to the event before it: an earlier event was removed or rewritten.';
    case 'hash mismatch':
      return 'Its contents no longer match its hash: it was altered after it was recorded.';
    default:
      return reason ? `Reason given: ${reason}.` : 'Vouch did not say why.';
  }
}

function Verdict({ verdict }: { verdict: AuditVerdict }) {
  if (verdict.ok) {
    return (
      <Alert tone="success" title="The chain is intact" announce={false}>
        {verdict.checked === 0 ? (
          <p>The log has no events yet, so there was nothing to check.</p>
        ) : (
          <>
            <p>
              {plural(verdict.checked, 'event was', 'events were')} checked: each links to the one before it and matches its
              hash.
            </p>
            <p>
              Last event checked: #{verdict.last_seq}, hash <code className="audit__code">{verdict.last_hash}</code>. Keep this
              hash somewhere outside Vouch, such as a ticket: a later check against it shows whether events were cut off the
              end, which the chain alone cannot.
            </p>
          </>
        )}
      </Alert>
    );
  }
  const broken = verdict.first_broken;
  return (
    <Alert tone="error" title={broken?.seq === undefined ? 'The chain is broken' : `The chain is broken at event #${broken.seq}`} announce={false}>
      <p>{brokenReason(broken?.reason)}</p>
      <p>
        {plural(verdict.checked, 'event', 'events')} before it checked out.
        {broken?.event_id && (
          <>
            {' '}
            Event id: <code className="audit__code">{broken.event_id}</code>.
          </>
        )}
      </p>
      <p>Download the CSV now to keep a copy as evidence, and report this to your security team.</p>
    </Alert>
  );
}

type CheckState = { kind: 'idle' } | { kind: 'busy' } | { kind: 'done'; verdict: AuditVerdict } | { kind: 'failed'; message: string };

/** Platform admins recompute the hash chain; the verdict lands in a live region. */
function ChainCheck({ sessionEnded }: { sessionEnded: (err: unknown) => boolean }) {
  const api = useApi();
  const [check, setCheck] = useState<CheckState>({ kind: 'idle' });
  const headingId = useId();
  const busy = check.kind === 'busy';

  async function verify() {
    if (busy) return;
    setCheck({ kind: 'busy' });
    try {
      setCheck({ kind: 'done', verdict: await verifyAudit(api) });
    } catch (err) {
      if (sessionEnded(err)) return;
      setCheck({ kind: 'failed', message: errorMessage(err) });
    }
  }

  return (
    <section className="audit__check" aria-labelledby={headingId}>
      <h2 id={headingId}>Chain check</h2>
      <p className="audit__intro">
        Each event carries a hash of itself and of the event before it, so an event changed or removed afterwards breaks the
        chain. The check reads every event, which takes a while on a long log.
      </p>
      <Button variant="secondary" onClick={() => void verify()} aria-busy={busy}>
        {busy ? 'Verifying…' : 'Verify the chain'}
      </Button>
      <div aria-live="polite" className="audit__verdict">
        {busy && <p>Checking every event…</p>}
        {check.kind === 'done' && <Verdict verdict={check.verdict} />}
        {check.kind === 'failed' && (
          <Alert tone="error" title="The chain could not be checked" announce={false}>
            <p>{check.message}</p>
          </Alert>
        )}
      </div>
    </section>
  );
}

function NotAllowed({ me }: { me: Me }) {
  return (
    <Alert tone="info" title="This page is for administrators and support staff">
      <p>You are signed in as {rolesInWords(me.roles)}, which does not include reading the audit log.</p>
      <p>
        <Link to="/account">Go to your account</Link>
      </p>
    </Alert>
  );
}

function AuditViewer({ me }: { me: Me }) {
  const api = useApi();
  const platformStaff = isPlatformStaff(me.roles);
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [errors, setErrors] = useState<DraftErrors>({});
  const [query, setQuery] = useState<Query>({ filter: {}, n: 0 });
  const [list, setList] = useState<ListState>({ kind: 'loading' });
  const inputs = useRef<Partial<Record<keyof Draft, HTMLInputElement | null>>>({});
  const olderAbort = useRef<AbortController>(undefined);
  const endNote = useRef<HTMLParagraphElement>(null);
  const focusEnd = useRef(false);
  const eventsHeadingId = useId();
  const csvHelpId = useId();
  const filtered = isFiltered(query.filter);

  const sessionEnded = useSessionEnded();

  useEffect(() => {
    const abort = new AbortController();
    listAudit(api, query.filter, undefined, abort.signal).then(
      (events) => setList({ kind: 'ready', events, more: events.length === auditPageSize, older: { kind: 'idle' } }),
      (err: unknown) => {
        if (abort.signal.aborted || sessionEnded(err)) return;
        if (err instanceof ApiError && err.code === 'forbidden') {
          setList({ kind: 'forbidden' });
          return;
        }
        const fields = err instanceof ApiError ? serverFieldErrors(err) : undefined;
        if (fields) setErrors(fields);
        setList({ kind: 'failed', message: errorMessage(err) });
      },
    );
    return () => abort.abort();
  }, [api, query, sessionEnded]);

  /** Shows `filter` from its first page; a page of older events still on its way is dropped. */
  function reload(filter: AuditFilter) {
    olderAbort.current?.abort();
    setList({ kind: 'loading' });
    setQuery((was) => ({ filter, n: was.n + 1 }));
  }

  // The button goes away with the last page; focus then moves to the note that replaces it.
  useEffect(() => {
    if (focusEnd.current && list.kind === 'ready' && !list.more) {
      focusEnd.current = false;
      endNote.current?.focus();
    }
  }, [list]);

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const badInput = new Set((['from', 'to'] as const).filter((name) => inputs.current[name]?.validity.badInput));
    const { filter, errors: found } = toFilter(draft, platformStaff, badInput);
    setErrors(found);
    const first = (Object.keys(fieldLabels) as (keyof Draft)[]).find((name) => found[name]);
    if (first) {
      inputs.current[first]?.focus();
      return;
    }
    reload(filter);
  }

  function clear() {
    setDraft(emptyDraft);
    setErrors({});
    reload({});
    inputs.current.action?.focus();
  }

  async function loadOlder() {
    if (list.kind !== 'ready' || list.older.kind === 'loading') return;
    const last = list.events.at(-1);
    if (!last) return;
    const abort = new AbortController();
    olderAbort.current = abort;
    setList({ ...list, older: { kind: 'loading' } });
    try {
      const page = await listAudit(api, query.filter, last.seq, abort.signal);
      if (abort.signal.aborted) return;
      const more = page.length === auditPageSize;
      focusEnd.current = !more;
      setList((was) => (was.kind === 'ready' ? { kind: 'ready', events: [...was.events, ...page], more, older: { kind: 'idle' } } : was));
    } catch (err) {
      if (abort.signal.aborted || sessionEnded(err)) return;
      setList((was) => (was.kind === 'ready' ? { ...was, older: { kind: 'failed', message: errorMessage(err) } } : was));
    }
  }

  function field(name: keyof Draft, props: { description?: string; type?: string } = {}) {
    return (
      <TextField
        ref={(el) => {
          inputs.current[name] = el;
        }}
        label={fieldLabels[name]}
        name={name}
        autoComplete="off"
        spellCheck={false}
        value={draft[name]}
        error={errors[name]}
        onChange={(e) => {
          const value = e.target.value;
          setDraft((was) => ({ ...was, [name]: value }));
        }}
        {...props}
      />
    );
  }

  if (list.kind === 'forbidden') return <NotAllowed me={me} />;

  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const zoneWords = timeZone ? `your time zone (${timeZone})` : 'your time zone';

  return (
    <>
      <p className="audit__intro">
        Every staff action and security-relevant change, with who did it, to whom, from where and why. Events cannot be changed
        or deleted.
      </p>
      {!platformStaff && me.org && <p className="audit__intro">You see the events of {me.org.name}.</p>}
      {isPlatformAdmin(me.roles) && <ChainCheck sessionEnded={sessionEnded} />}
      <form role="search" aria-label="Filter audit events" className="audit__filters" noValidate onSubmit={submit}>
        <div className="audit__fields">
          {field('action', { description: 'For example “user.” for every user event, or “user.unlocked”.' })}
          {field('actor_id', { description: 'The id of whoever acted, for example usr_…' })}
          {field('target_id', { description: 'The id of what was acted on.' })}
          {platformStaff && field('org_id', { description: 'Only events concerning this organization.' })}
          {field('from', { type: 'datetime-local', description: `Events at or after this moment, in ${zoneWords}.` })}
          {field('to', { type: 'datetime-local', description: `Events before this moment, in ${zoneWords}.` })}
        </div>
        <div className="audit__actions">
          <Button type="submit">Show events</Button>
          <Button variant="secondary" onClick={clear}>
            Clear filters
          </Button>
        </div>
      </form>
      <section aria-labelledby={eventsHeadingId} className="audit__events">
        <h2 id={eventsHeadingId}>Events</h2>
        <div className="audit__toolbar">
          <p role="status" className="audit__summary">
            {summary(list, filtered)}
          </p>
          {list.kind === 'ready' && list.events.length > 0 && (
          <p className="audit__csv">
            <a href={auditCsvHref(query.filter)} download aria-describedby={csvHelpId}>
              Download CSV
            </a>{' '}
            <span id={csvHelpId} className="audit__muted">
              Every event that matches the filters, not only those shown, with their hashes.
            </span>
          </p>
          )}
        </div>
        {list.kind === 'failed' && (
          <LoadFailed
            title="The audit log could not be loaded"
            message={list.message}
            onRetry={() => reload(query.filter)}
          />
        )}
        {list.kind === 'ready' && list.events.length === 0 && (
          <div className="audit__empty">
            {filtered ? (
              <>
                <p>
                  Widen the time range, shorten the action prefix (<code>user.</code> matches every user event), or check the
                  ids.
                </p>
                <Button variant="secondary" onClick={clear}>
                  Clear filters
                </Button>
              </>
            ) : (
              <p>Staff actions and security changes show here as they happen.</p>
            )}
          </div>
        )}
        {list.kind === 'ready' && list.events.length > 0 && (
          <>
            <table className="audit__table">
              <caption className="visually-hidden">Audit events, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Action</th>
                  <th scope="col">Actor</th>
                  <th scope="col">Target</th>
                  <th scope="col">IP address</th>
                  <th scope="col">Reason and details</th>
                </tr>
              </thead>
              <tbody>
                {list.events.map((event) => (
                  <EventRow key={event.id} event={event} showOrg={platformStaff} />
                ))}
              </tbody>
            </table>
            {list.older.kind === 'failed' && (
              <Alert tone="error" title="Older events could not be loaded">
                <p>{list.older.message}</p>
              </Alert>
            )}
            {list.more ? (
              <div className="audit__actions">
                <Button variant="secondary" onClick={() => void loadOlder()} aria-busy={list.older.kind === 'loading'}>
                  {list.older.kind === 'loading' ? 'Loading older events…' : 'Load older events'}
                </Button>
              </div>
            ) : (
              <p className="audit__muted audit__end" ref={endNote} tabIndex={-1}>
                {filtered ? 'That is the oldest event that matches.' : 'That is the oldest event.'}
              </p>
            )}
          </>
        )}
      </section>
    </>
  );
}

/** /admin/audit: the audit log for staff (customer admins see their own org), with the chain check for platform admins. */
export function AuditLog() {
  const gate = useSignedIn();
  const { me } = gate;
  return <Page title="Audit log">{me ? canManageUsers(me.roles) ? <AuditViewer me={me} /> : <NotAllowed me={me} /> : gate.content}</Page>;
}
