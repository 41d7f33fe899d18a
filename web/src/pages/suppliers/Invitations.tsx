import { useCallback, useEffect, useId, useRef, useState, type SubmitEvent } from 'react';
import { Link } from 'react-router';
import type { Me } from '../../api/auth';
import { useApi } from '../../api/context';
import { errorMessage, fieldMessage } from '../../api/messages';
import {
  createInvitation,
  getInvitationImport,
  importInvitations,
  invitationStatusLabels,
  listInvitations,
  resendInvitation,
  revokeInvitation,
  type Invitation,
  type InvitationCreated,
  type InvitationImport,
  type InvitationStatus,
} from '../../api/onboarding';
import { ApiError } from '../../api/problem';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { LoadFailed } from '../../components/LoadFailed';
import { NoticeRegion, type Notice } from '../../components/NoticeRegion';
import { TextField } from '../../components/TextField';
import { useConfirmedAction } from '../../components/useConfirmedAction';
import { Page } from '../../layout/Page';
import { useSignedIn } from '../../session/gate';
import { canReviewSuppliers, rolesInWords } from '../../session/roles';
import { useSessionEnded } from '../../session/useSessionEnded';
import '../forms.css';
import './Suppliers.css';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

function When({ at }: { at: string }) {
  return <time dateTime={at}>{dateFormat.format(new Date(at))}</time>;
}

/** How often an import's progress is asked for while it runs. */
export const importPollMs = 700;

/** For pages of the Suppliers area shown to someone who is not a customer administrator. */
export function NotCustomerAdmin({ me }: { me: Me }) {
  return (
    <Alert tone="info" title="This page is for customer administrators">
      <p>
        You are signed in as {rolesInWords(me.roles)}. Inviting and reviewing suppliers is done by your
        organization&rsquo;s administrators.
      </p>
      <p>
        <Link to="/account">Go to your account</Link>
      </p>
    </Alert>
  );
}

/** The shareable link of an invitation just sent, with a copy button. */
function ShareLink({ created, onDone }: { created: InvitationCreated; onDone: () => void }) {
  const [copied, setCopied] = useState<'yes' | 'failed'>();
  const headingId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    heading.current?.focus();
  }, [created.url]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(created.url);
      setCopied('yes');
    } catch {
      input.current?.select();
      setCopied('failed');
    }
  }

  return (
    <section className="suppliers__box" aria-labelledby={headingId}>
      <h2 id={headingId} ref={heading} tabIndex={-1}>
        Invitation sent to {created.email}
      </h2>
      <p>
        Vouch e-mailed {created.supplier_name} a link to enroll. You can also share the link yourself, for example in a
        message you already send them. It works once, until <When at={created.expires_at} />.
      </p>
      <TextField
        ref={input}
        label="Enrollment link"
        name="invitation-link"
        readOnly
        value={created.url}
        autoComplete="off"
        spellCheck={false}
        className="suppliers__mono"
        onFocus={(e) => e.currentTarget.select()}
      />
      <div className="form__actions">
        <Button onClick={() => void copy()}>Copy link</Button>
        <Button variant="secondary" onClick={onDone}>
          Done
        </Button>
      </div>
      <p aria-live="polite" className="suppliers__muted">
        {copied === 'yes' && 'Copied to the clipboard.'}
        {copied === 'failed' && 'Your browser did not allow copying: the link is selected, copy it yourself.'}
      </p>
    </section>
  );
}

interface InviteFormProps {
  onInvited: (created: InvitationCreated) => void;
}

function InviteForm({ onInvited }: InviteFormProps) {
  const api = useApi();
  const sessionEnded = useSessionEnded({ unauthenticatedOnly: true });
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [errors, setErrors] = useState<{ email?: string; supplier_name?: string }>({});
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const emailInput = useRef<HTMLInputElement>(null);
  const nameInput = useRef<HTMLInputElement>(null);

  async function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    setFailure(undefined);
    const found: typeof errors = {};
    if (!email.trim()) found.email = 'Enter the e-mail address of the person at the supplier.';
    if (!name.trim()) found.supplier_name = 'Enter the supplier’s business name.';
    setErrors(found);
    if (found.email || found.supplier_name) {
      (found.email ? emailInput : nameInput).current?.focus();
      return;
    }
    setBusy(true);
    try {
      const created = await createInvitation(api, email.trim(), name.trim());
      setEmail('');
      setName('');
      onInvited(created);
    } catch (err) {
      if (sessionEnded(err)) return;
      const fields = err instanceof ApiError ? (err.problem.errors ?? []) : [];
      const next: typeof errors = {};
      for (const f of fields) {
        if (f.field === 'email') next.email = fieldMessage('email', 'E-mail address', f.message);
        if (f.field === 'supplier_name') next.supplier_name = fieldMessage('supplier_name', 'Supplier name', f.message);
      }
      if (next.email || next.supplier_name) {
        setErrors(next);
        (next.email ? emailInput : nameInput).current?.focus();
      } else if (err instanceof ApiError && err.code === 'invitation_pending') {
        setErrors({ email: errorMessage(err) });
        emailInput.current?.focus();
      } else {
        setFailure(errorMessage(err));
      }
      if (!(err instanceof ApiError)) throw err;
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="suppliers__form" noValidate onSubmit={(e) => void submit(e)} aria-label="Invite a supplier">
      {failure && (
        <Alert tone="error" title="The invitation was not sent">
          <p>{failure}</p>
        </Alert>
      )}
      <TextField
        ref={emailInput}
        label="E-mail address"
        name="invite-email"
        type="email"
        autoComplete="off"
        required
        value={email}
        error={errors.email}
        onChange={(e) => setEmail(e.target.value)}
      />
      <TextField
        ref={nameInput}
        label="Supplier name"
        name="invite-supplier-name"
        description="The business you are inviting, as you know it. They confirm their legal name when they enroll."
        autoComplete="off"
        required
        maxLength={200}
        value={name}
        error={errors.supplier_name}
        onChange={(e) => setName(e.target.value)}
      />
      <Button type="submit" aria-busy={busy}>
        {busy ? 'Sending…' : 'Send invitation'}
      </Button>
    </form>
  );
}

/** A progress bar with its numbers: role=progressbar with aria-valuenow, and the same in words. */
export function Progress({ label, value, max }: { label: string; value: number; max: number }) {
  const percent = max > 0 ? Math.min(100, Math.round((value / max) * 100)) : 0;
  return (
    <div className="suppliers__progress">
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={max}
        aria-valuenow={value}
        aria-valuetext={`${value} of ${max} rows`}
        className="suppliers__progress-track"
      >
        <div className="suppliers__progress-bar" style={{ width: `${percent}%` }} />
      </div>
      <p className="suppliers__muted">
        {value} of {max} rows ({percent}%)
      </p>
    </div>
  );
}

function ImportReport({ job }: { job: InvitationImport }) {
  const running = job.status === 'queued' || job.status === 'running';
  return (
    <div className="suppliers__import-report">
      <Progress label={`Importing ${job.file_name}`} value={job.processed_rows} max={job.total_rows} />
      <div aria-live="polite">
        {job.status === 'done' && (
          <Alert tone={job.errors.length ? 'info' : 'success'} title="Import finished" announce={false}>
            <p>
              {job.invited} invited, {job.skipped} skipped
              {job.errors.length ? `, ${job.errors.length} ${job.errors.length === 1 ? 'row' : 'rows'} with problems (below)` : ''}.
            </p>
          </Alert>
        )}
        {job.status === 'failed' && (
          <Alert tone="error" title="The import stopped" announce={false}>
            <p>{job.error || 'Something went wrong while importing. Rows invited so far stay invited; upload the rest again.'}</p>
          </Alert>
        )}
        {running && <p className="suppliers__muted">Importing… you can stay on this page to follow it.</p>}
      </div>
      {job.errors.length > 0 && (
        <div className="suppliers__table-wrap">
          <table className="suppliers__table">
            <caption>Rows that were skipped</caption>
            <thead>
              <tr>
                <th scope="col">Line</th>
                <th scope="col">Column</th>
                <th scope="col">Problem</th>
              </tr>
            </thead>
            <tbody>
              {job.errors.map((e) => (
                <tr key={`${e.line}-${e.field}`}>
                  <td>{e.line}</td>
                  <td>{e.field}</td>
                  <td>{e.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function CsvImport({ onFinished }: { onFinished: () => void }) {
  const api = useApi();
  const sessionEnded = useSessionEnded({ unauthenticatedOnly: true });
  const headingId = useId();
  const fileId = useId();
  const [file, setFile] = useState<File>();
  const [fileError, setFileError] = useState<string>();
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [job, setJob] = useState<InvitationImport>();
  const fileInput = useRef<HTMLInputElement>(null);

  // While the import runs, ask for its progress; stop on done or failed, or when leaving.
  const jobId = job?.id;
  const jobRunning = job?.status === 'queued' || job?.status === 'running';
  useEffect(() => {
    if (!jobId || !jobRunning) return undefined;
    let stopped = false;
    const timer = setTimeout(() => {
      getInvitationImport(api, jobId).then(
        (next) => {
          if (stopped) return;
          setJob(next);
          if (next.status === 'done' || next.status === 'failed') onFinished();
        },
        (err: unknown) => {
          if (stopped || sessionEnded(err)) return;
          setFailure(`Vouch could not tell how the import is going. ${errorMessage(err)}`);
        },
      );
    }, importPollMs);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [api, jobId, jobRunning, job, onFinished, sessionEnded]);

  async function upload(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    setFailure(undefined);
    setFileError(undefined);
    if (!file) {
      setFileError('Choose a CSV file first.');
      fileInput.current?.focus();
      return;
    }
    setBusy(true);
    try {
      const started = await importInvitations(api, file);
      setJob(started);
      if (started.status === 'done' || started.status === 'failed') onFinished();
    } catch (err) {
      if (sessionEnded(err)) return;
      setFileError(errorMessage(err));
      fileInput.current?.focus();
      if (!(err instanceof ApiError)) throw err;
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="suppliers__section" aria-labelledby={headingId}>
      <h2 id={headingId}>Invite many suppliers from a file</h2>
      <p className="suppliers__muted">
        A CSV file with a header row and the columns <code>email</code> and <code>supplier_name</code>, up to 50,000 rows.
        Rows with a problem are skipped and listed; the others are invited.
      </p>
      <form className="suppliers__form" noValidate onSubmit={(e) => void upload(e)} aria-label="Import invitations">
        <div className="field">
          <label className="field__label" htmlFor={fileId}>
            CSV file
          </label>
          <input
            ref={fileInput}
            id={fileId}
            type="file"
            accept=".csv,text/csv"
            className="field__input"
            aria-invalid={fileError ? true : undefined}
            aria-describedby={fileError ? `${fileId}-error` : undefined}
            onChange={(e) => setFile(e.target.files?.[0])}
          />
          {fileError && (
            <p className="field__error" id={`${fileId}-error`}>
              {fileError}
            </p>
          )}
        </div>
        <Button type="submit" aria-busy={busy}>
          {busy ? 'Uploading…' : 'Upload and invite'}
        </Button>
      </form>
      {failure && (
        <Alert tone="error" title="Import status unknown">
          <p>{failure}</p>
        </Alert>
      )}
      {job && <ImportReport job={job} />}
    </section>
  );
}

interface RowProps {
  invitation: Invitation;
  onResend: (inv: Invitation) => Promise<void>;
  onRevoke: (inv: Invitation) => Promise<boolean>;
}

function InvitationItem({ invitation, onResend, onRevoke }: RowProps) {
  const { confirming, busy, confirmRef, triggerRef, ask, cancel, act } = useConfirmedAction(() => onRevoke(invitation));
  const [resending, setResending] = useState(false);
  const open = invitation.status === 'pending' || invitation.status === 'expired';
  const label = `${invitation.supplier_name} (${invitation.email})`;

  async function resend() {
    if (resending) return;
    setResending(true);
    try {
      await onResend(invitation);
    } finally {
      setResending(false);
    }
  }

  return (
    <li className="suppliers__item">
      <p className="suppliers__item-title">{invitation.supplier_name}</p>
      <p className="suppliers__email">{invitation.email}</p>
      <p>
        <span className={`suppliers__badge suppliers__badge--${invitation.status}`}>
          {invitationStatusLabels[invitation.status]}
        </span>
      </p>
      <p className="suppliers__muted">
        Sent <When at={invitation.sent_at} />
        {invitation.status === 'pending' && (
          <>
            {' · '}expires <When at={invitation.expires_at} />
          </>
        )}
        {invitation.accepted_at && (
          <>
            {' · '}accepted <When at={invitation.accepted_at} />
          </>
        )}
        {invitation.reminders > 0 && ` · resent ${invitation.reminders} ${invitation.reminders === 1 ? 'time' : 'times'}`}
      </p>
      {open &&
        (confirming ? (
          <div className="suppliers__confirm" role="group" aria-label={`Revoke the invitation to ${label}?`}>
            <p>
              Revoke the invitation to <strong>{invitation.email}</strong>? Its link stops working at once.
            </p>
            <div className="form__actions">
              <Button ref={confirmRef} onClick={() => void act()} aria-busy={busy}>
                {busy ? 'Revoking…' : 'Revoke invitation'}
              </Button>
              <Button variant="secondary" onClick={cancel}>
                Keep it
              </Button>
            </div>
          </div>
        ) : (
          <div className="form__actions">
            <Button variant="secondary" aria-label={`Resend to ${label}`} aria-busy={resending} onClick={() => void resend()}>
              {resending ? 'Resending…' : 'Resend'}
            </Button>
            <Button ref={triggerRef} variant="secondary" aria-label={`Revoke ${label}`} onClick={ask}>
              Revoke
            </Button>
          </div>
        ))}
    </li>
  );
}

type ListState = { kind: 'loading' } | { kind: 'failed'; message: string } | { kind: 'ready'; invitations: Invitation[] };

const statusFilters: readonly { value: InvitationStatus | ''; label: string }[] = [
  { value: '', label: 'All' },
  { value: 'pending', label: 'Pending' },
  { value: 'accepted', label: 'Accepted' },
  { value: 'expired', label: 'Expired' },
  { value: 'revoked', label: 'Revoked' },
];

function InvitationManager() {
  const api = useApi();
  const sessionEnded = useSessionEnded({ unauthenticatedOnly: true });
  const [list, setList] = useState<ListState>({ kind: 'loading' });
  const [status, setStatus] = useState<InvitationStatus | ''>('');
  const [created, setCreated] = useState<InvitationCreated>();
  const [notice, setNotice] = useState<Notice>();
  const listHeadingId = useId();
  const filterId = useId();

  const load = useCallback(
    () =>
      listInvitations(api, status || undefined).then(
        (invitations) => setList({ kind: 'ready', invitations }),
        (err: unknown) => {
          if (sessionEnded(err)) return;
          setList({ kind: 'failed', message: errorMessage(err) });
          if (!(err instanceof ApiError)) throw err;
        },
      ),
    [api, status, sessionEnded],
  );

  useEffect(() => {
    void load();
  }, [load]);

  const reload = useCallback(() => void load(), [load]);

  function invited(inv: InvitationCreated) {
    setNotice(undefined);
    setCreated(inv);
    void load();
  }

  async function resend(inv: Invitation) {
    setNotice(undefined);
    try {
      const fresh = await resendInvitation(api, inv.id);
      setCreated(fresh);
      void load();
    } catch (err) {
      if (sessionEnded(err)) return;
      setNotice({ tone: 'error', title: `The invitation to ${inv.email} was not resent`, message: errorMessage(err) });
      if (!(err instanceof ApiError)) throw err;
    }
  }

  async function revoke(inv: Invitation): Promise<boolean> {
    setNotice(undefined);
    try {
      await revokeInvitation(api, inv.id);
    } catch (err) {
      if (sessionEnded(err)) return false;
      setNotice({ tone: 'error', title: `The invitation to ${inv.email} was not revoked`, message: errorMessage(err) });
      if (!(err instanceof ApiError)) throw err;
      return false;
    }
    if (created?.id === inv.id) setCreated(undefined);
    setNotice({ tone: 'success', title: `Invitation to ${inv.email} revoked`, message: 'Its link no longer works.' });
    void load();
    return true;
  }

  return (
    <>
      <p className="suppliers__muted">
        Invite the suppliers you pay. Each gets a link to enroll, fill in their business and tax details and upload a
        W-9; you then review them under <Link to="/reviews">Reviews</Link>.
      </p>
      <NoticeRegion notice={notice} />
      {created && <ShareLink created={created} onDone={() => setCreated(undefined)} />}
      <InviteForm onInvited={invited} />
      <CsvImport onFinished={reload} />
      <section className="suppliers__section" aria-labelledby={listHeadingId}>
        <h2 id={listHeadingId}>Invitations</h2>
        <div className="field suppliers__filter">
          <label className="field__label" htmlFor={filterId}>
            Show
          </label>
          <select
            id={filterId}
            className="field__input"
            value={status}
            onChange={(e) => {
              setList({ kind: 'loading' });
              setStatus(e.target.value as InvitationStatus | '');
            }}
          >
            {statusFilters.map((f) => (
              <option key={f.value} value={f.value}>
                {f.label}
              </option>
            ))}
          </select>
        </div>
        {list.kind === 'loading' && <p className="suppliers__muted">Loading invitations…</p>}
        {list.kind === 'failed' && (
          <LoadFailed
            title="Your invitations could not be loaded"
            message={list.message}
            onRetry={() => {
              setList({ kind: 'loading' });
              void load();
            }}
          />
        )}
        {list.kind === 'ready' &&
          (list.invitations.length ? (
            <ul className="suppliers__list" aria-label="Invitations">
              {list.invitations.map((inv) => (
                <InvitationItem key={inv.id} invitation={inv} onResend={resend} onRevoke={revoke} />
              ))}
            </ul>
          ) : (
            <div className="suppliers__empty">
              {status ? (
                <p>No {invitationStatusLabels[status].toLowerCase()} invitations.</p>
              ) : (
                <>
                  <p>
                    <strong>You have not invited any suppliers yet.</strong>
                  </p>
                  <p>Start with the form above, or upload a CSV file to invite many at once.</p>
                </>
              )}
            </div>
          ))}
      </section>
    </>
  );
}

/** /invitations: a customer administrator invites suppliers, one by one or from a CSV, and follows the invitations. */
export function Invitations() {
  const gate = useSignedIn();
  const { me } = gate;
  return (
    <Page title="Suppliers">
      <div className="narrow">
        {me ? canReviewSuppliers(me.roles) ? <InvitationManager /> : <NotCustomerAdmin me={me} /> : gate.content}
      </div>
    </Page>
  );
}
