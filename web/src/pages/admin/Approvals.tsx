import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { Link } from 'react-router';
import type { Me } from '../../api/auth';
import { useApi } from '../../api/context';
import { errorMessage, fieldMessage } from '../../api/messages';
import { ApiError } from '../../api/problem';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { LoadFailed } from '../../components/LoadFailed';
import { NoticeRegion, type Notice } from '../../components/NoticeRegion';
import { useConfirmedAction } from '../../components/useConfirmedAction';
import { Page } from '../../layout/Page';
import { useSignedIn } from '../../session/gate';
import { isPlatformStaff, rolesInWords } from '../../session/roles';
import { useSessionEnded } from '../../session/useSessionEnded';
import { Moment } from '../Recover';
import { approve, cancelApproval, listApprovals, type Approval } from './ApprovalsApi';
import { CancelWithReason } from './CancelWithReason';
import { verificationMethods } from './staffAction';
import '../forms.css';
import './Approvals.css';

// The server keeps at most 1000 characters of a cancellation reason.
const maxApprovalCancelReasonLength = 1000;

/** Codes that mean the request left the queue (decided by someone else, expired, gone): drop its row. */
const goneCodes: ReadonlySet<string> = new Set(['approval_not_found', 'approval_decided', 'approval_expired']);

type ListState =
  | { kind: 'loading' }
  | { kind: 'failed'; message: string }
  | { kind: 'forbidden' }
  | { kind: 'ready'; approvals: Approval[] };
/** What approving ended in: the row went (approved, or no longer waiting), or a message for the row. */
type Outcome = { kind: 'done' } | { kind: 'failed'; message: string };

// Lists carry the e-mail addresses; an older server sent only IDs.
function userLabel(id: string, email: string | undefined, me: Me): string {
  if (id === me.id) return 'you';
  return email ?? `user ${id}`;
}

interface ActionWords {
  what: (who: string) => string;
  done: (who: string) => string;
  /** The confirm button: says what the yes does. */
  confirm: string;
}

const actionWords: Readonly<Record<Approval['action'], ActionWords>> = {
  remove_passkeys: {
    what: (who) => `Remove every passkey of ${who}`,
    done: (who) => `Every passkey of ${who} is removed.`,
    confirm: 'Approve and remove passkeys',
  },
};

// A newer server may queue an action this build has no words for yet: say it as sent.
function wordsFor(action: string): ActionWords {
  return (
    (actionWords as Readonly<Record<string, ActionWords | undefined>>)[action] ?? {
      what: (who) => `${action.replaceAll('_', ' ')} for ${who}`,
      done: () => 'It is done.',
      confirm: 'Approve it',
    }
  );
}

function whatItDoes(approval: Approval, me: Me): string {
  return wordsFor(approval.action).what(userLabel(approval.target_user_id, approval.target_email, me));
}

function doneInWords(approval: Approval, me: Me): string {
  return wordsFor(approval.action).done(userLabel(approval.target_user_id, approval.target_email, me));
}

// The requester picked from the same choices in the staff action dialog; '' is "the user did not ask".
function verifiedInWords(approval: Approval): string {
  const method = approval.verified_by_method ?? '';
  const label = verificationMethods.find((m) => m.value === method)?.label ?? method.replaceAll('_', ' ');
  return approval.verified_by_note ? `${label} (${approval.verified_by_note})` : label;
}

function NotAllowed({ me }: { me: Me }) {
  return (
    <Alert tone="info" title="This page is for platform staff">
      <p>
        You are signed in as {rolesInWords(me.roles)}, which does not include approving other staff members&rsquo;
        requests. A request you filed waits for platform staff to review it.
      </p>
      <p>
        <Link to="/account">Go to your account</Link>
      </p>
    </Alert>
  );
}

interface ItemProps {
  approval: Approval;
  me: Me;
  onApprove: (approval: Approval) => Promise<Outcome>;
  onCancel: (approval: Approval, reason: string) => Promise<string | undefined>;
}

/** One waiting request: what it does, who asked, when, why and how they checked; approve or cancel it. */
function ApprovalItem({ approval, me, onApprove, onCancel }: ItemProps) {
  const [error, setError] = useState<string>();
  const { confirming, busy, confirmRef, triggerRef, ask, cancel, act } = useConfirmedAction(async () => {
    setError(undefined);
    const outcome = await onApprove(approval);
    if (outcome.kind === 'failed') setError(outcome.message);
    return outcome.kind === 'done';
  });
  const what = whatItDoes(approval, me);
  const own = approval.requested_by === me.id;

  return (
    <li className="approvals__item">
      <p className="approvals__what">{what}</p>
      <dl className="approvals__facts">
        <div>
          <dt>Asked by</dt>
          <dd>{own ? 'You' : (approval.requested_by_email ?? `User ${approval.requested_by}`)}</dd>
        </div>
        <div>
          <dt>Asked</dt>
          <dd>
            <Moment at={approval.created_at} />
          </dd>
        </div>
        <div>
          <dt>Expires</dt>
          <dd>
            <Moment at={approval.expires_at} />
          </dd>
        </div>
        <div>
          <dt>Reason</dt>
          <dd className="approvals__text">{approval.reason}</dd>
        </div>
        <div>
          <dt>How the request was verified</dt>
          <dd className="approvals__text">{verifiedInWords(approval)}</dd>
        </div>
      </dl>
      {own && (
        <p className="approvals__own">
          You asked for this, so another member of platform staff must approve it. You can still cancel it.
        </p>
      )}
      <div aria-live="polite">
        {error && (
          <Alert tone="error" title="Not approved" announce={false}>
            <p>{error}</p>
          </Alert>
        )}
      </div>
      {confirming ? (
        <div className="approvals__confirm" role="group" aria-label={`Approve: ${what}?`}>
          <p>
            <strong>{what}</strong> now? It happens at once and cannot be undone. The requester and the user are told by
            e-mail.
          </p>
          <div className="approvals__actions">
            <Button ref={confirmRef} onClick={() => void act()} aria-busy={busy}>
              {busy ? 'Approving…' : wordsFor(approval.action).confirm}
            </Button>
            <Button variant="secondary" onClick={cancel}>
              Not now
            </Button>
          </div>
        </div>
      ) : (
        <CancelWithReason
          label="Cancel request"
          accessibleName={`Cancel request: ${what}`}
          description="Required. The requester and the user read it in their e-mail, and it goes into the audit log."
          requiredMessage="Reason is required: say why, it goes into the audit log and to the requester."
          maxLength={maxApprovalCancelReasonLength}
          onCancel={(reason) => onCancel(approval, reason)}
        >
          {!own && (
            <Button ref={triggerRef} aria-label={`Approve: ${what}`} onClick={ask}>
              Approve
            </Button>
          )}
        </CancelWithReason>
      )}
    </li>
  );
}

function ApprovalQueue({ me }: { me: Me }) {
  const api = useApi();
  const [list, setList] = useState<ListState>({ kind: 'loading' });
  const [notice, setNotice] = useState<Notice>();
  const headingId = useId();
  const noticeRef = useRef<HTMLDivElement>(null);

  const sessionEnded = useSessionEnded();

  const load = useCallback(
    (signal?: AbortSignal) =>
      listApprovals(api, signal).then(
        (approvals) => setList({ kind: 'ready', approvals }),
        (err: unknown) => {
          if (signal?.aborted || sessionEnded(err)) return;
          if (err instanceof ApiError && err.code === 'forbidden') setList({ kind: 'forbidden' });
          else setList({ kind: 'failed', message: errorMessage(err) });
        },
      ),
    [api, sessionEnded],
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

  function leave(approval: Approval, next: Notice) {
    setList((current) =>
      current.kind === 'ready' ? { kind: 'ready', approvals: current.approvals.filter((a) => a.id !== approval.id) } : current,
    );
    setNotice(next);
    // The row and the focus in it are gone: the notice is where the person is now.
    noticeRef.current?.focus();
  }

  function gone(approval: Approval, err: ApiError) {
    leave(approval, { tone: 'info', title: 'That request is no longer waiting', message: errorMessage(err) });
  }

  async function approveOne(approval: Approval): Promise<Outcome> {
    setNotice(undefined);
    try {
      await approve(api, approval.id);
    } catch (err) {
      if (sessionEnded(err)) return { kind: 'failed', message: errorMessage(err) };
      if (!(err instanceof ApiError)) throw err;
      if (goneCodes.has(err.code)) {
        gone(approval, err);
        return { kind: 'done' };
      }
      // The server's detail says which rule refused (only a platform admin acts on platform staff).
      const message = err.code === 'forbidden' && err.problem.detail ? err.problem.detail : errorMessage(err);
      return { kind: 'failed', message };
    }
    leave(approval, {
      tone: 'success',
      title: 'Request approved',
      message: `${doneInWords(approval, me)} The requester and the user are told by e-mail.`,
    });
    return { kind: 'done' };
  }

  async function cancelOne(approval: Approval, reason: string): Promise<string | undefined> {
    setNotice(undefined);
    try {
      await cancelApproval(api, approval.id, reason);
    } catch (err) {
      if (sessionEnded(err)) return '';
      if (!(err instanceof ApiError)) throw err;
      if (goneCodes.has(err.code)) {
        gone(approval, err);
        return undefined;
      }
      const field = err.problem.errors?.find((e) => e.field === 'reason');
      return field ? fieldMessage('reason', 'Reason', field.message) : errorMessage(err);
    }
    leave(approval, {
      tone: 'success',
      title: 'Request cancelled',
      // Vouch does not e-mail the requester about their own decision.
      message:
        approval.requested_by === me.id
          ? 'Nothing was changed. The user is told by e-mail, with your reason.'
          : 'Nothing was changed. The requester and the user are told by e-mail, with your reason.',
    });
    return undefined;
  }

  if (list.kind === 'forbidden') return <NotAllowed me={me} />;

  return (
    <>
      <p className="approvals__intro">
        Removing the passkeys of an administrator needs a second member of platform staff. Approve a request only when
        the reason and the verification convince you; otherwise cancel it and talk to the requester.
      </p>
      <NoticeRegion notice={notice} ref={noticeRef} focusable />
      <section aria-labelledby={headingId}>
        <h2 id={headingId}>Waiting requests</h2>
        {list.kind === 'loading' && <p className="approvals__status">Loading requests…</p>}
        {list.kind === 'failed' && (
          <LoadFailed title="The requests could not be loaded" message={list.message} onRetry={retry} />
        )}
        {list.kind === 'ready' &&
          (list.approvals.length ? (
            <ul className="approvals__list" aria-label="Waiting requests">
              {list.approvals.map((approval) => (
                <ApprovalItem key={approval.id} approval={approval} me={me} onApprove={approveOne} onCancel={cancelOne} />
              ))}
            </ul>
          ) : (
            <div className="approvals__empty">
              <p>
                <strong>Nothing waits for a second approval.</strong>
              </p>
              <p>When a staff member asks to remove an administrator&rsquo;s passkeys, you get an e-mail and it shows here for 24 hours.</p>
            </div>
          ))}
      </section>
    </>
  );
}

/** /admin/approvals: four-eyes requests platform staff approve or cancel. */
export function Approvals() {
  const gate = useSignedIn();
  const { me } = gate;
  return (
    <Page title="Approvals">
      <div className="narrow">{me ? isPlatformStaff(me.roles) ? <ApprovalQueue me={me} /> : <NotAllowed me={me} /> : gate.content}</div>
    </Page>
  );
}
