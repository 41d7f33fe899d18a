import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { Link } from 'react-router';
import type { Me } from '../../api/auth';
import { useApi } from '../../api/context';
import { errorMessage, fieldMessage } from '../../api/messages';
import { ApiError } from '../../api/problem';
import { cancelRecovery, listRecoveries, type Recovery } from '../../api/recovery';
import { Alert } from '../../components/Alert';
import { LoadFailed } from '../../components/LoadFailed';
import { NoticeRegion, type Notice } from '../../components/NoticeRegion';
import { Page } from '../../layout/Page';
import { useSignedIn } from '../../session/gate';
import { canManageUsers, rolesInWords } from '../../session/roles';
import { useSessionEnded } from '../../session/useSessionEnded';
import { Moment } from '../Recover';
import { CancelWithReason } from './CancelWithReason';
import '../forms.css';
import './Recoveries.css';

/** The server keeps at most 500 characters of a cancellation reason. */
export const maxCancelReasonLength = 500;

type ListState = { kind: 'loading' } | { kind: 'failed'; message: string } | { kind: 'ready'; recoveries: Recovery[] };

function NotAllowed({ me }: { me: Me }) {
  return (
    <Alert tone="info" title="This page is for administrators">
      <p>You are signed in as {rolesInWords(me.roles)}, which does not include reviewing account recoveries.</p>
      <p>
        <Link to="/account">Go to your account</Link>
      </p>
    </Alert>
  );
}

interface ItemProps {
  recovery: Recovery;
  onCancel: (recovery: Recovery, reason: string) => Promise<string | undefined>;
}

/** One waiting recovery: who, from where, since and until when; cancelling asks for a reason. */
function RecoveryItem({ recovery, onCancel }: ItemProps) {
  const who = recovery.user_name ? `${recovery.user_name} (${recovery.user_email})` : recovery.user_email;
  return (
    <li className="recoveries__item">
      <p className="recoveries__who">{who}</p>
      <dl className="recoveries__facts">
        <div>
          <dt>Started</dt>
          <dd>
            <Moment at={recovery.created_at} />
          </dd>
        </div>
        <div>
          <dt>From</dt>
          <dd>{recovery.requested_ip || 'unknown address'}</dd>
        </div>
        <div>
          <dt>Passkeys removable</dt>
          <dd>
            <Moment at={recovery.ready_at} />
          </dd>
        </div>
      </dl>
      <CancelWithReason
        label="Cancel recovery"
        accessibleName={`Cancel the recovery of ${recovery.user_email}`}
        description="Required. The user reads it in their e-mail, and it goes into the audit log."
        requiredMessage="Reason is required: say why, it goes into the audit log and to the user."
        maxLength={maxCancelReasonLength}
        onCancel={(reason) => onCancel(recovery, reason)}
      />
    </li>
  );
}

function RecoveryReview() {
  const api = useApi();
  const [list, setList] = useState<ListState>({ kind: 'loading' });
  const [notice, setNotice] = useState<Notice>();
  const headingId = useId();
  const noticeRef = useRef<HTMLDivElement>(null);

  const sessionEnded = useSessionEnded({ unauthenticatedOnly: true });

  const load = useCallback(
    () =>
      listRecoveries(api).then(
        (recoveries) => setList({ kind: 'ready', recoveries }),
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

  async function cancel(recovery: Recovery, reason: string): Promise<string | undefined> {
    setNotice(undefined);
    try {
      await cancelRecovery(api, recovery.id, reason);
    } catch (err) {
      if (sessionEnded(err)) return '';
      if (!(err instanceof ApiError)) throw err;
      if (err.code !== 'recovery_not_found') {
        const field = err.problem.errors?.find((e) => e.field === 'reason');
        return field ? fieldMessage('reason', 'Reason', field.message) : errorMessage(err);
      }
    }
    setList((current) =>
      current.kind === 'ready' ? { kind: 'ready', recoveries: current.recoveries.filter((r) => r.id !== recovery.id) } : current,
    );
    setNotice({
      tone: 'success',
      title: `Recovery of ${recovery.user_email} cancelled`,
      message: 'Their passkeys stay as they are, and they were told by e-mail.',
    });
    noticeRef.current?.focus();
    return undefined;
  }

  return (
    <>
      <p className="recoveries__intro">
        When someone who lost every passkey asks to remove them, their account waits here before it happens. If you
        don&rsquo;t believe the request came from them, cancel it.
      </p>
      <NoticeRegion notice={notice} ref={noticeRef} focusable />
      <section aria-labelledby={headingId}>
        <h2 id={headingId}>Waiting recoveries</h2>
        {list.kind === 'loading' && <p className="recoveries__status">Loading recoveries…</p>}
        {list.kind === 'failed' && (
          <LoadFailed title="The recoveries could not be loaded" message={list.message} onRetry={retry} />
        )}
        {list.kind === 'ready' &&
          (list.recoveries.length ? (
            <ul className="recoveries__list" aria-label="Waiting recoveries">
              {list.recoveries.map((recovery) => (
                <RecoveryItem key={recovery.id} recovery={recovery} onCancel={cancel} />
              ))}
            </ul>
          ) : (
            <div className="recoveries__empty">
              <p>
                <strong>No recoveries are waiting.</strong>
              </p>
              <p>When someone starts one, you get an e-mail and it shows here until its waiting period ends.</p>
            </div>
          ))}
      </section>
    </>
  );
}

/** /admin/recoveries: waiting passkey recoveries the caller may cancel, with a reason. */
export function Recoveries() {
  const gate = useSignedIn();
  const { me } = gate;
  return (
    <Page title="Account recoveries">
      <div className="narrow">{me ? canManageUsers(me.roles) ? <RecoveryReview /> : <NotAllowed me={me} /> : gate.content}</div>
    </Page>
  );
}
