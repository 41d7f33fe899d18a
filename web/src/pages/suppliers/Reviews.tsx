import { useEffect, useId, useState, type SubmitEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useApi } from '../../api/context';
import { errorMessage } from '../../api/messages';
import {
  checkLabels,
  checkResultLabels,
  kycStatusLabels,
  getKycSettings,
  listReviews,
  putKycSettings,
  type KycStatus,
  type ReviewQueue,
  type ReviewSort,
} from '../../api/onboarding';
import { ApiError } from '../../api/problem';
import { Button } from '../../components/Button';
import { LoadFailed } from '../../components/LoadFailed';
import { Page } from '../../layout/Page';
import { useSignedIn } from '../../session/gate';
import { canReviewSuppliers } from '../../session/roles';
import { useSessionEnded } from '../../session/useSessionEnded';
import { NotCustomerAdmin } from './Invitations';
import '../forms.css';
import './Suppliers.css';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** The tabs, in the order a reviewer works through them; "All" first. */
const tabs: readonly (KycStatus | '')[] = ['', 'submitted', 'in_review', 'needs_info', 'approved', 'rejected', 'draft'];

const sorts: readonly { value: ReviewSort; label: string }[] = [
  { value: 'submitted', label: 'Oldest submitted first' },
  { value: '-submitted', label: 'Newest submitted first' },
  { value: 'name', label: 'Name (A–Z)' },
  { value: 'updated', label: 'Recently updated' },
];

function isStatus(value: string | null): value is KycStatus {
  return value !== null && value in kycStatusLabels;
}

function isSort(value: string | null): value is ReviewSort {
  return sorts.some((s) => s.value === value);
}

type QueueState = { kind: 'loading' } | { kind: 'failed'; message: string } | { kind: 'ready'; queue: ReviewQueue };

function Queue() {
  const api = useApi();
  const sessionEnded = useSessionEnded({ unauthenticatedOnly: true });
  const [params, setParams] = useSearchParams();
  const statusParam = params.get('status');
  const status = isStatus(statusParam) ? statusParam : undefined;
  const q = params.get('q') ?? '';
  const sortParam = params.get('sort');
  const sort: ReviewSort = isSort(sortParam) ? sortParam : 'submitted';
  const [typed, setTyped] = useState(q);
  const [state, setState] = useState<QueueState>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const searchId = useId();
  const sortId = useId();
  const listHeadingId = useId();

  useEffect(() => {
    const controller = new AbortController();
    listReviews(api, { status, q, sort }, controller.signal).then(
      (queue) => setState({ kind: 'ready', queue }),
      (err: unknown) => {
        if (controller.signal.aborted || sessionEnded(err)) return;
        setState({ kind: 'failed', message: errorMessage(err) });
        if (!(err instanceof ApiError)) throw err;
      },
    );
    return () => controller.abort();
  }, [api, status, q, sort, attempt, sessionEnded]);

  function update(changes: Record<string, string | undefined>) {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next);
  }

  function tabHref(tab: KycStatus | ''): string {
    const next = new URLSearchParams(params);
    if (tab) next.set('status', tab);
    else next.delete('status');
    const search = next.toString();
    return search ? `/reviews?${search}` : '/reviews';
  }

  function search(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    update({ q: typed.trim() || undefined });
  }

  const counts = state.kind === 'ready' ? state.queue.counts : undefined;
  const total = counts ? Object.values(counts).reduce((a, b) => a + b, 0) : undefined;

  return (
    <>
      <nav aria-label="Review status">
        <ul className="reviews__tabs">
          {tabs.map((tab) => {
            const count = tab ? counts?.[tab] : total;
            const label = tab ? kycStatusLabels[tab] : 'All';
            return (
              <li key={tab || 'all'}>
                <Link
                  to={tabHref(tab)}
                  className="reviews__tab"
                  aria-current={(status ?? '') === tab ? 'page' : undefined}
                >
                  {label}
                  {count !== undefined && (
                    <>
                      <span className="reviews__count" aria-hidden="true">
                        {count}
                      </span>
                      {' '}
                      <span className="visually-hidden">({count})</span>
                    </>
                  )}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      <div className="reviews__controls">
        <form role="search" className="reviews__controls" onSubmit={search} aria-label="Search suppliers">
          <div className="field">
            <label className="field__label" htmlFor={searchId}>
              Search by name
            </label>
            <input
              id={searchId}
              type="search"
              className="field__input"
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
            />
          </div>
          <Button type="submit" variant="secondary">
            Search
          </Button>
        </form>
        <div className="field">
          <label className="field__label" htmlFor={sortId}>
            Sort
          </label>
          <select id={sortId} className="field__input" value={sort} onChange={(e) => update({ sort: e.target.value })}>
            {sorts.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      <section aria-labelledby={listHeadingId}>
        <h2 id={listHeadingId}>
          {status ? kycStatusLabels[status] : 'All suppliers'}
          {q && ` matching “${q}”`}
        </h2>
        {state.kind === 'loading' && <p className="suppliers__muted">Loading the review queue…</p>}
        {state.kind === 'failed' && (
          <LoadFailed
            title="The review queue could not be loaded"
            message={state.message}
            onRetry={() => {
              setState({ kind: 'loading' });
              setAttempt((n) => n + 1);
            }}
          />
        )}
        {state.kind === 'ready' &&
          (state.queue.reviews.length ? (
            <ul className="suppliers__list" aria-label="Suppliers to review">
              {state.queue.reviews.map((r) => {
                const attention = r.checks.filter((c) => c.result !== 'pass');
                return (
                  <li key={r.supplier_id} className="suppliers__item">
                    <p className="suppliers__item-title">
                      <Link to={`/reviews/${encodeURIComponent(r.supplier_id)}`}>{r.legal_name || 'Unnamed supplier'}</Link>
                    </p>
                    {r.dba && <p className="suppliers__muted">Doing business as {r.dba}</p>}
                    <p>
                      <span className={`suppliers__badge suppliers__badge--${r.status}`}>{kycStatusLabels[r.status]}</span>
                      {r.awaiting_second_approval && <> · Approved once, waiting for a second administrator</>}
                    </p>
                    <p className="suppliers__muted">
                      {r.submitted_at ? (
                        <>
                          Submitted <time dateTime={r.submitted_at}>{dateFormat.format(new Date(r.submitted_at))}</time>
                        </>
                      ) : (
                        'Not submitted yet'
                      )}
                    </p>
                    {r.checks.length > 0 && (
                      <p>
                        {attention.length === 0
                          ? 'All checks passed.'
                          : attention.map((c) => `${checkLabels[c.name]}: ${checkResultLabels[c.result]}`).join(' · ')}
                      </p>
                    )}
                  </li>
                );
              })}
            </ul>
          ) : (
            <div className="suppliers__empty">
              {q || status ? (
                <p>No supplier matches. Try another tab or search.</p>
              ) : (
                <>
                  <p>
                    <strong>No suppliers to review yet.</strong>
                  </p>
                  <p>
                    Suppliers appear here once they have enrolled from your invitation.{' '}
                    <Link to="/invitations">Invite a supplier</Link>
                  </p>
                </>
              )}
            </div>
          ))}
      </section>
    </>
  );
}

/** The four-eyes rule, as a checkbox that saves at once. */
function ReviewRules() {
  const api = useApi();
  const sessionEnded = useSessionEnded({ unauthenticatedOnly: true });
  const headingId = useId();
  const boxId = useId();
  const [on, setOn] = useState<boolean>();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: 'error' | 'ok'; text: string }>();

  useEffect(() => {
    let stale = false;
    getKycSettings(api).then(
      (value) => !stale && setOn(value),
      (err: unknown) => {
        if (stale || sessionEnded(err)) return;
        setMessage({ tone: 'error', text: `Your review rules could not be loaded. ${errorMessage(err)}` });
      },
    );
    return () => {
      stale = true;
    };
  }, [api, sessionEnded]);

  async function change(next: boolean) {
    if (busy) return;
    setBusy(true);
    setMessage(undefined);
    try {
      const saved = await putKycSettings(api, next);
      setOn(saved);
      setMessage({ tone: 'ok', text: saved ? 'Saved: approvals now need a second administrator when a check needs review.' : 'Saved: one approval is enough.' });
    } catch (err) {
      if (sessionEnded(err)) return;
      setMessage({ tone: 'error', text: `The rule was not changed. ${errorMessage(err)}` });
      if (!(err instanceof ApiError)) throw err;
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby={headingId} className="suppliers__section reviews__rules">
      <h2 id={headingId}>Review rules</h2>
      {on !== undefined && (
        <div className="reviews__rule">
          <input id={boxId} type="checkbox" checked={on} aria-busy={busy} onChange={(e) => void change(e.target.checked)} />
          <label htmlFor={boxId}>Ask a second administrator to approve a supplier when one of its checks needs review</label>
        </div>
      )}
      <p aria-live="polite" className={message?.tone === 'error' ? 'field__error' : 'suppliers__muted'}>
        {message?.text}
      </p>
    </section>
  );
}

/** /reviews: a customer administrator's review queue, with tabs by status (and counts), search and sort. */
export function Reviews() {
  const gate = useSignedIn();
  const { me } = gate;
  return (
    <Page title="Reviews">
      {me ? (
        canReviewSuppliers(me.roles) ? (
          <>
            <Queue />
            <ReviewRules />
          </>
        ) : (
          <NotCustomerAdmin me={me} />
        )
      ) : (
        gate.content
      )}
    </Page>
  );
}
