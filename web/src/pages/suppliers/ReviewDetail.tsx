import { useCallback, useEffect, useId, useRef, useState, type ReactNode, type SubmitEvent } from 'react';
import { Link, useParams } from 'react-router';
import { useApi } from '../../api/context';
import { errorMessage, fieldMessage } from '../../api/messages';
import {
  checkLabels,
  checkResultLabels,
  clearSanctionsHit,
  decideReview,
  documentKindLabels,
  formatBytes,
  getReview,
  kycStatusLabels,
  reviewDocumentHref,
  type Decision,
  type KycCheck,
  type ReviewDetail,
  type SupplierProfile,
} from '../../api/onboarding';
import { ApiError } from '../../api/problem';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { LoadFailed } from '../../components/LoadFailed';
import { NoticeRegion, type Notice } from '../../components/NoticeRegion';
import { TextAreaField } from '../../components/TextAreaField';
import { Page } from '../../layout/Page';
import { useSignedIn } from '../../session/gate';
import { canReviewSuppliers } from '../../session/roles';
import { useSessionEnded } from '../../session/useSessionEnded';
import { NotCustomerAdmin } from './Invitations';
import '../forms.css';
import './Suppliers.css';
import { SupplierBankAccounts } from '../banking/SupplierBankAccounts';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

const entityTypes: Readonly<Record<string, string>> = {
  sole_proprietor: 'Sole proprietor',
  partnership: 'Partnership',
  llc: 'LLC',
  corporation: 'Corporation',
  nonprofit: 'Nonprofit',
  government: 'Government',
  other: 'Other',
};

/** "EIN •••• 6789": the TIN by its last four digits, as the server gives it. */
export function maskedTin(profile: Pick<SupplierProfile, 'tin_type' | 'tin_last4'>): string {
  if (!profile.tin_last4) return 'Not given';
  return `${profile.tin_type ? `${profile.tin_type.toUpperCase()} ` : ''}•••• ${profile.tin_last4}`;
}

function addressLines(p: SupplierProfile): string[] {
  const a = p.address;
  return [a.line1, a.line2, [a.city, a.region, a.postal_code].filter(Boolean).join(' '), a.country].filter(Boolean);
}

function ProfileDetails({ profile }: { profile: SupplierProfile }) {
  const rows: [string, ReactNode][] = [
    ['Legal name', profile.legal_name],
    ['Doing business as', profile.dba || '—'],
    ['Entity type', entityTypes[profile.entity_type] ?? (profile.entity_type || '—')],
    ['TIN', maskedTin(profile)],
    [
      'Address',
      addressLines(profile).length
        ? addressLines(profile).map((line) => (
            <span key={line} className="review__line">
              {line}
              <br />
            </span>
          ))
        : '—',
    ],
    ['Phone', profile.phone || '—'],
    ['E-mail', profile.email || '—'],
    ['Website', profile.website || '—'],
    ['Remittance e-mail', profile.remittance_email || '—'],
  ];
  return (
    <>
      <dl className="review__dl">
        {rows.map(([label, value]) => (
          <div key={label} className="review__row">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <h3>Contacts</h3>
      {profile.contacts.length ? (
        <ul>
          {profile.contacts.map((c, i) => (
            <li key={`${c.email}-${i}`}>
              {c.name}
              {c.role && `, ${c.role}`} · {c.email}
              {c.phone && ` · ${c.phone}`}
            </li>
          ))}
        </ul>
      ) : (
        <p className="suppliers__muted">No contacts given.</p>
      )}
    </>
  );
}

interface Hit {
  query: string;
  entity_id: string;
  name?: string;
  matched_name?: string;
  score?: number;
  programs?: string[] | null;
  list?: string;
}

function hitsOf(value: unknown): Hit[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (h): h is Hit => typeof h === 'object' && h !== null && typeof (h as Hit).entity_id === 'string' && typeof (h as Hit).query === 'string',
  );
}

function HitDetails({ hit }: { hit: Hit }) {
  return (
    <>
      <p>
        <strong>{hit.name ?? hit.entity_id}</strong>
        {hit.matched_name && hit.matched_name !== hit.name && ` (matched “${hit.matched_name}”)`}
      </p>
      <p>
        Score {hit.score ?? '?'} of 100 for “{hit.query}” · entry {hit.entity_id}
        {hit.list && ` · ${hit.list}`}
        {hit.programs?.length ? ` · programs ${hit.programs.join(', ')}` : ''}
      </p>
    </>
  );
}

function ClearHitForm({ supplierId, hit, onCleared }: { supplierId: string; hit: Hit; onCleared: (hit: Hit) => void }) {
  const api = useApi();
  const sessionEnded = useSessionEnded({ unauthenticatedOnly: true });
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const label = `Clear ${hit.name ?? hit.entity_id} as a false positive`;

  useEffect(() => {
    if (open) noteRef.current?.focus();
  }, [open]);

  async function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    if (!note.trim()) {
      setError('Write why this is not the same party, for example a different country or date of birth.');
      noteRef.current?.focus();
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await clearSanctionsHit(api, supplierId, { entity_id: hit.entity_id, query: hit.query, note: note.trim() });
      onCleared(hit);
    } catch (err) {
      if (sessionEnded(err)) return;
      const field = err instanceof ApiError ? err.problem.errors?.find((e) => e.field === 'note') : undefined;
      setError(field ? fieldMessage('note', 'Note', field.message) : errorMessage(err));
      noteRef.current?.focus();
      if (!(err instanceof ApiError)) throw err;
    } finally {
      setBusy(false);
    }
  }

  if (!open) {
    return (
      <Button variant="secondary" aria-label={label} onClick={() => setOpen(true)}>
        Clear as false positive
      </Button>
    );
  }
  return (
    <form noValidate onSubmit={(e) => void submit(e)} aria-label={label} className="suppliers__form">
      <TextAreaField
        ref={noteRef}
        label="Why is this a false positive?"
        description="Kept in the audit log. Rescreening applies it again while the list entry is unchanged."
        value={note}
        error={error}
        onChange={(e) => setNote(e.target.value)}
      />
      <div className="form__actions">
        <Button type="submit" aria-busy={busy}>
          {busy ? 'Clearing…' : 'Clear as false positive'}
        </Button>
        <Button variant="secondary" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

const evidenceLabels: Readonly<Record<string, string>> = {
  provider: 'Provider',
  legal_name: 'Legal name checked',
  tin_last4: 'TIN (last 4)',
  list_version: 'List version',
  list_number: 'List number',
  queries: 'Names screened',
  country: 'Country',
  kinds: 'Documents on file',
  supplier_ids: 'Other suppliers with this TIN',
};

function evidenceValue(value: unknown): string {
  if (Array.isArray(value)) return value.length ? value.map(String).join(', ') : 'none';
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function CheckItem({ check, supplierId, onCleared }: { check: KycCheck; supplierId: string; onCleared: (hit: Hit) => void }) {
  const evidence = check.evidence ?? {};
  const hits = hitsOf(evidence.hits);
  const cleared = hitsOf(evidence.cleared);
  const plain = Object.entries(evidence).filter(([key]) => key !== 'hits' && key !== 'cleared');
  return (
    <li className="suppliers__item review__check">
      <h3>
        {checkLabels[check.name]}
        <span className={`suppliers__badge suppliers__badge--${check.result}`}>{checkResultLabels[check.result]}</span>
      </h3>
      <p>{check.detail}</p>
      {plain.length > 0 && (
        <dl className="review__dl">
          {plain.map(([key, value]) => (
            <div key={key} className="review__row">
              <dt>{evidenceLabels[key] ?? key.replaceAll('_', ' ')}</dt>
              <dd>{evidenceValue(value)}</dd>
            </div>
          ))}
        </dl>
      )}
      {check.name === 'sanctions' && hits.length > 0 && (
        <ul className="suppliers__list" aria-label="Possible sanctions matches">
          {hits.map((hit) => (
            <li key={`${hit.entity_id}-${hit.query}`} className="review__hit">
              <HitDetails hit={hit} />
              <ClearHitForm supplierId={supplierId} hit={hit} onCleared={onCleared} />
            </li>
          ))}
        </ul>
      )}
      {cleared.length > 0 && (
        <>
          <p>Cleared earlier by a reviewer:</p>
          <ul className="suppliers__list" aria-label="Cleared sanctions matches">
            {cleared.map((hit) => (
              <li key={`${hit.entity_id}-${hit.query}`} className="review__hit">
                <HitDetails hit={hit} />
              </li>
            ))}
          </ul>
        </>
      )}
    </li>
  );
}

const decisionWords: Readonly<Record<Decision, { button: string; done: string; failed: string }>> = {
  approve: { button: 'Approve', done: 'Supplier approved', failed: 'The supplier was not approved' },
  reject: { button: 'Reject', done: 'Supplier rejected', failed: 'The supplier was not rejected' },
  'request-info': { button: 'Request info', done: 'More information requested', failed: 'The request for information was not sent' },
};

function DecisionForm({ detail, onDecided }: { detail: ReviewDetail; onDecided: (d: Decision, waiting: boolean, c: ReviewDetail['case']) => void }) {
  const api = useApi();
  const sessionEnded = useSessionEnded({ unauthenticatedOnly: true });
  const headingId = useId();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const [failure, setFailure] = useState<{ title: string; message: string }>();
  const [busy, setBusy] = useState<Decision>();
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const supplierId = detail.profile.supplier_id;

  async function decide(decision: Decision) {
    if (busy) return;
    setFailure(undefined);
    if (!reason.trim()) {
      setError(`Give a reason before you ${decisionWords[decision].button.toLowerCase()}: it is recorded and shown to the supplier.`);
      reasonRef.current?.focus();
      return;
    }
    setError(undefined);
    setBusy(decision);
    try {
      const result = await decideReview(api, supplierId, decision, reason.trim());
      setReason('');
      onDecided(decision, result.awaiting_second_approval, result.case);
    } catch (err) {
      if (sessionEnded(err)) return;
      const field = err instanceof ApiError ? err.problem.errors?.find((e) => e.field === 'reason') : undefined;
      if (field) {
        setError(fieldMessage('reason', 'Reason', field.message));
        reasonRef.current?.focus();
      } else {
        setFailure({ title: decisionWords[decision].failed, message: errorMessage(err) });
      }
      if (!(err instanceof ApiError)) throw err;
    } finally {
      setBusy(undefined);
    }
  }

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
  }

  return (
    <section aria-labelledby={headingId} className="suppliers__section">
      <h2 id={headingId}>Your decision</h2>
      {detail.four_eyes && (
        <p className="suppliers__muted">
          Your organization asks for two approvals when a check needs review: a second administrator approves after you.
        </p>
      )}
      <form noValidate onSubmit={submit} className="suppliers__form review__decisions" aria-labelledby={headingId}>
        {failure && (
          <Alert tone="error" title={failure.title}>
            <p>{failure.message}</p>
          </Alert>
        )}
        <TextAreaField
          ref={reasonRef}
          label="Reason"
          description="Recorded with your decision and shown to the supplier."
          value={reason}
          error={error}
          onChange={(e) => setReason(e.target.value)}
        />
        <div className="form__actions">
          {(['approve', 'reject', 'request-info'] as const).map((d) => (
            <Button key={d} variant={d === 'approve' ? 'primary' : 'secondary'} aria-busy={busy === d} onClick={() => void decide(d)}>
              {busy === d ? 'Saving…' : decisionWords[d].button}
            </Button>
          ))}
        </div>
      </form>
    </section>
  );
}

type DetailState = { kind: 'loading' } | { kind: 'failed'; message: string; notFound: boolean } | { kind: 'ready'; detail: ReviewDetail };

function Detail({ supplierId, onName }: { supplierId: string; onName: (name: string) => void }) {
  const api = useApi();
  const sessionEnded = useSessionEnded({ unauthenticatedOnly: true });
  const [state, setState] = useState<DetailState>({ kind: 'loading' });
  const [notice, setNotice] = useState<Notice>();
  const noticeRef = useRef<HTMLDivElement>(null);

  const load = useCallback(
    () =>
      getReview(api, supplierId).then(
        (detail) => {
          setState({ kind: 'ready', detail });
          onName(detail.profile.legal_name);
        },
        (err: unknown) => {
          if (sessionEnded(err)) return;
          setState({ kind: 'failed', message: errorMessage(err), notFound: err instanceof ApiError && err.status === 404 });
          if (!(err instanceof ApiError)) throw err;
        },
      ),
    [api, supplierId, sessionEnded, onName],
  );

  useEffect(() => {
    void load();
  }, [load]);

  if (state.kind === 'loading') return <p className="suppliers__muted">Loading the supplier…</p>;
  if (state.kind === 'failed') {
    if (state.notFound) {
      return (
        <Alert tone="error" title="Supplier not found">
          <p>{state.message}</p>
          <p>
            <Link to="/reviews">Back to the review queue</Link>
          </p>
        </Alert>
      );
    }
    return (
      <LoadFailed
        title="The supplier could not be loaded"
        message={state.message}
        onRetry={() => {
          setState({ kind: 'loading' });
          void load();
        }}
      />
    );
  }

  const { detail } = state;
  const c = detail.case;
  const decidable = c.status === 'in_review';

  function decided(decision: Decision, waiting: boolean, next: ReviewDetail['case']) {
    setState((s) => (s.kind === 'ready' ? { kind: 'ready', detail: { ...s.detail, case: next, awaiting_second_approval: waiting } } : s));
    if (decision === 'approve' && waiting) {
      setNotice({
        tone: 'info',
        title: 'Your approval is recorded: a second administrator must approve too',
        message: 'Your organization asks for two approvals of a supplier with checks to review. Ask another administrator to open this supplier and approve it.',
      });
    } else {
      setNotice({ tone: 'success', title: decisionWords[decision].done, message: `The supplier’s status is now “${kycStatusLabels[next.status]}”.` });
    }
    noticeRef.current?.focus();
  }

  function cleared() {
    setNotice({ tone: 'success', title: 'Match cleared as a false positive', message: 'The checks below are up to date.' });
    void load();
  }

  return (
    <>
      <p>
        <Link to="/reviews">← Review queue</Link>
      </p>
      <NoticeRegion notice={notice} ref={noticeRef} focusable />
      <section className="suppliers__section" aria-label="Status">
        <p>
          Status: <span className={`suppliers__badge suppliers__badge--${c.status}`}>{kycStatusLabels[c.status]}</span>
          {c.submitted_at && (
            <>
              {' · '}submitted <time dateTime={c.submitted_at}>{dateFormat.format(new Date(c.submitted_at))}</time>
            </>
          )}
        </p>
        {c.reason && <p>Reason given: {c.reason}</p>}
        {detail.awaiting_second_approval && (
          <Alert tone="info" title="Waiting for a second approval" announce={false}>
            <p>One administrator approved this supplier. Another administrator of your organization must approve it too.</p>
          </Alert>
        )}
      </section>
      <section className="suppliers__section" aria-labelledby="review-profile">
        <h2 id="review-profile">Profile</h2>
        <ProfileDetails profile={detail.profile} />
      </section>
      <section className="suppliers__section" aria-labelledby="review-checks">
        <h2 id="review-checks">Checks</h2>
        {detail.checks.length ? (
          <ul className="suppliers__list" aria-label="Checks">
            {detail.checks.map((check) => (
              <CheckItem key={check.name} check={check} supplierId={supplierId} onCleared={cleared} />
            ))}
          </ul>
        ) : (
          <p className="suppliers__muted">No checks yet: they run when the supplier submits.</p>
        )}
      </section>
      <section className="suppliers__section" aria-labelledby="review-documents">
        <h2 id="review-documents">Documents</h2>
        {detail.documents.length ? (
          <ul className="suppliers__list" aria-label="Documents">
            {detail.documents.map((doc) => (
              <li key={doc.id} className="suppliers__item">
                <a href={reviewDocumentHref(supplierId, doc.id)} download={doc.file_name}>
                  Download {documentKindLabels[doc.kind]}: {doc.file_name}
                </a>{' '}
                <span className="suppliers__muted">({formatBytes(doc.size_bytes)})</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="suppliers__muted">The supplier has not uploaded any documents.</p>
        )}
      </section>
      <section className="suppliers__section" aria-label="Bank accounts">
        <SupplierBankAccounts supplierId={supplierId} />
      </section>
      {decidable ? (
        <DecisionForm detail={detail} onDecided={decided} />
      ) : (
        <p className="suppliers__muted">
          {c.status === 'draft' || c.status === 'submitted'
            ? 'The supplier has not submitted their profile yet; you can decide once they do.'
            : c.status === 'needs_info'
              ? 'Waiting for the supplier to update their details and submit again.'
              : 'A decision was made. The supplier can submit again if their details change.'}
        </p>
      )}
    </>
  );
}

/** /reviews/:supplierId: one supplier's profile, checks with evidence, documents, and the decision. */
export function ReviewDetailPage() {
  const gate = useSignedIn();
  const { me } = gate;
  const { supplierId = '' } = useParams();
  const [name, setName] = useState<string>();
  const onName = useCallback((n: string) => setName(n), []);
  return (
    <Page title={name ? `Review: ${name}` : 'Review a supplier'}>
      <div className="narrow review">
        {me ? canReviewSuppliers(me.roles) ? <Detail supplierId={supplierId} onName={onName} /> : <NotCustomerAdmin me={me} /> : gate.content}
      </div>
    </Page>
  );
}
