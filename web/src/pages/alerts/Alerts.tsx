import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { Link } from 'react-router';
import { listAlerts, openAlertStream, resolveAlert, type RiskAlert } from '../../api/alerts';
import type { Me } from '../../api/auth';
import { errorMessage } from '../../api/messages';
import { useApi } from '../../api/context';
import { ApiError } from '../../api/problem';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { LoadFailed } from '../../components/LoadFailed';
import { NoticeRegion, type Notice } from '../../components/NoticeRegion';
import { RequiredNoteForm } from '../../components/RequiredNoteForm';
import { Page } from '../../layout/Page';
import { useSignedIn } from '../../session/gate';
import { canReviewSuppliers, rolesInWords } from '../../session/roles';
import { useSessionEnded } from '../../session/useSessionEnded';
import '../forms.css';
import './Alerts.css';

const kindLabels: Readonly<Record<string, string | undefined>> = {
  bank_account_closed_for_cause: 'Bank account closed for cause',
  bank_account_owner_mismatch: 'Bank account in someone else’s name',
  bank_account_shared: 'Bank account shared with another supplier',
};

/** An alert's kind in words; a kind this build does not know yet is shown as sent, in words. */
export function kindLabel(kind: string): string {
  return kindLabels[kind] ?? kind.replaceAll('_', ' ');
}

const severityLabels: Readonly<Record<string, string | undefined>> = { high: 'High risk', medium: 'Medium risk' };

export function severityLabel(severity: string): string {
  return severityLabels[severity] ?? severity;
}

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function When({ at }: { at: string }) {
  return <time dateTime={at}>{timeFormat.format(new Date(at))}</time>;
}

type ListState = { kind: 'loading' } | { kind: 'failed'; message: string } | { kind: 'ready'; alerts: RiskAlert[] };
type Live = 'connecting' | 'on' | 'reconnecting' | 'off' | 'unsupported';

function NotAllowed({ me }: { me: Me }) {
  return (
    <Alert tone="info" title="This page is for customer administrators">
      <p>
        You are signed in as {rolesInWords(me.roles)}. Risk alerts about suppliers go to your organization&rsquo;s
        administrators.
      </p>
      <p>
        <Link to="/account">Go to your account</Link>
      </p>
    </Alert>
  );
}

/** Newest first, each alert once (the stream and a reload may both bring it). */
function merge(current: RiskAlert[], incoming: RiskAlert[]): RiskAlert[] {
  const byId = new Map(current.map((a) => [a.id, a]));
  for (const a of incoming) byId.set(a.id, a);
  return [...byId.values()].sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at));
}

interface ResolveFormProps {
  alert: RiskAlert;
  onResolved: (alert: RiskAlert) => void;
  onStale: (message: string) => void;
  onCancel: () => void;
  sessionEnded: (err: unknown) => boolean;
}

/** The note saying what was checked or done; it is required. */
function ResolveForm({ alert, onResolved, onStale, onCancel, sessionEnded }: ResolveFormProps) {
  const api = useApi();
  return (
    <RequiredNoteForm
      accessibleName={`Resolve the alert about ${alert.supplier_name}`}
      className="alerts__resolve"
      actionsClassName="alerts__actions"
      label="Note"
      name="note"
      description="What you checked or did, for example “Supplier sent a new bank letter; old account removed.”"
      requiredMessage="Enter a note: say what you checked or did, for your colleagues and auditors."
      submitLabel="Resolve alert"
      busyLabel="Resolving…"
      failureTitle="The alert was not resolved"
      staleCodes={['alert_resolved', 'alert_not_found']}
      send={async (note) => onResolved(await resolveAlert(api, alert.id, note))}
      onStale={onStale}
      onCancel={onCancel}
      sessionEnded={sessionEnded}
    />
  );
}

interface ItemProps {
  alert: RiskAlert;
  onResolved: (alert: RiskAlert) => void;
  onStale: (message: string) => void;
  sessionEnded: (err: unknown) => boolean;
}

function AlertItem({ alert, onResolved, onStale, sessionEnded }: ItemProps) {
  const [resolving, setResolving] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);
  const resolved = alert.resolved_at !== null;

  function cancel() {
    setResolving(false);
    setTimeout(() => trigger.current?.focus(), 0);
  }

  return (
    <li className={`alerts__item alerts__item--${alert.severity}${resolved ? ' alerts__item--resolved' : ''}`}>
      <div className="alerts__head">
        <span className={`alerts__severity alerts__severity--${alert.severity}`}>{severityLabel(alert.severity)}</span>
        {resolved && <span className="alerts__severity alerts__severity--resolved">Resolved</span>}
      </div>
      <h3 className="alerts__title">
        {kindLabel(alert.kind)}: <Link to={`/reviews/${encodeURIComponent(alert.supplier_id)}`}>{alert.supplier_name}</Link>
      </h3>
      <p className="alerts__detail">{alert.detail}</p>
      <p className="alerts__when">
        Raised <When at={alert.created_at} />
      </p>
      {resolved && alert.resolved_at && (
        <p className="alerts__note">
          Resolved <When at={alert.resolved_at} />
          {alert.resolution_note && <>: &ldquo;{alert.resolution_note}&rdquo;</>}
        </p>
      )}
      {!resolved &&
        (resolving ? (
          <ResolveForm
            alert={alert}
            onResolved={onResolved}
            onStale={onStale}
            onCancel={cancel}
            sessionEnded={sessionEnded}
          />
        ) : (
          <div className="alerts__actions">
            <Button
              ref={trigger}
              variant="secondary"
              aria-label={`Resolve the alert about ${alert.supplier_name}`}
              onClick={() => setResolving(true)}
            >
              Resolve
            </Button>
          </div>
        ))}
    </li>
  );
}

const liveWords: Readonly<Record<Live, string>> = {
  connecting: 'Connecting to live updates…',
  on: 'Live: new alerts appear here as they are raised.',
  reconnecting: 'Live updates paused; reconnecting…',
  off: 'Live updates stopped. Reload the page to see new alerts.',
  unsupported: 'This browser cannot show alerts live. Reload the page to see new ones.',
};

function AlertBoard() {
  const api = useApi();
  const [showResolved, setShowResolved] = useState(false);
  const [list, setList] = useState<ListState>({ kind: 'loading' });
  const [notice, setNotice] = useState<Notice>();
  const [announcement, setAnnouncement] = useState('');
  const [live, setLive] = useState<Live>('connecting');
  const noticeRef = useRef<HTMLDivElement>(null);
  const headingId = useId();
  const toggleId = useId();
  const sessionEnded = useSessionEnded({ unauthenticatedOnly: true });
  const filter = showResolved ? 'all' : 'open';

  const load = useCallback(
    () =>
      listAlerts(api, filter).then(
        (alerts) => setList({ kind: 'ready', alerts }),
        (err: unknown) => {
          if (sessionEnded(err)) return;
          setList({ kind: 'failed', message: errorMessage(err) });
          if (!(err instanceof ApiError)) throw err;
        },
      ),
    [api, filter, sessionEnded],
  );
  // The stream's handlers outlive a render: they reach the newest load through a ref.
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  }, [load]);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    const close = openAlertStream({
      onOpen: () => {
        setLive('on');
        // Alerts raised while the stream was down are not replayed: reload.
        void loadRef.current();
      },
      onAlert: (alert) => {
        setList((current) => (current.kind === 'ready' ? { kind: 'ready', alerts: merge(current.alerts, [alert]) } : current));
        setAnnouncement(`New ${severityLabel(alert.severity).toLowerCase()} alert: ${kindLabel(alert.kind)}, ${alert.supplier_name}. ${alert.detail}`);
      },
      onError: (closed) => setLive(closed ? 'off' : 'reconnecting'),
    });
    if (!close) {
      const timer = setTimeout(() => setLive('unsupported'), 0);
      return () => clearTimeout(timer);
    }
    return close;
  }, []);

  function retry() {
    setList({ kind: 'loading' });
    void load();
  }

  function resolved(alert: RiskAlert) {
    setList((current) =>
      current.kind === 'ready'
        ? {
            kind: 'ready',
            alerts: showResolved
              ? current.alerts.map((a) => (a.id === alert.id ? alert : a))
              : current.alerts.filter((a) => a.id !== alert.id),
          }
        : current,
    );
    setNotice({ tone: 'success', title: 'Alert resolved', message: `The alert about ${alert.supplier_name} is resolved; your note is kept with it.` });
    noticeRef.current?.focus();
  }

  function stale(message: string) {
    setNotice({ tone: 'error', title: 'The alert was not resolved', message });
    noticeRef.current?.focus();
    void load();
  }

  const alerts = list.kind === 'ready' ? list.alerts : [];
  const open = alerts.filter((a) => a.resolved_at === null).length;

  return (
    <>
      <p className="alerts__intro">
        Vouch raises an alert when a supplier&rsquo;s bank account looks risky: closed by its bank for cause, in someone
        else&rsquo;s name, or shared with another supplier. Check each one with the supplier, then resolve it with a note.
      </p>
      <p className="alerts__live">{liveWords[live]}</p>
      {/* Announces alerts that arrive while the page is open; kept mounted so each one is read. */}
      <div className="visually-hidden alerts__announcer" role="status" aria-live="polite" aria-atomic="true">
        {announcement}
      </div>
      <NoticeRegion notice={notice} ref={noticeRef} focusable />
      <div className="alerts__toggle">
        <input
          id={toggleId}
          type="checkbox"
          checked={showResolved}
          onChange={(e) => {
            setShowResolved(e.target.checked);
            setList({ kind: 'loading' });
          }}
        />
        <label htmlFor={toggleId}>Show resolved alerts too</label>
      </div>
      <section aria-labelledby={headingId}>
        <h2 id={headingId}>{showResolved ? 'All alerts' : 'Open alerts'}</h2>
        {list.kind === 'loading' && <p className="alerts__status">Loading alerts…</p>}
        {list.kind === 'failed' && <LoadFailed title="The alerts could not be loaded" message={list.message} onRetry={retry} />}
        {list.kind === 'ready' && (
          <>
            <p className="alerts__status">{open === 1 ? '1 open alert.' : `${open} open alerts.`}</p>
            {alerts.length ? (
              <ul className="alerts__list" aria-label={showResolved ? 'All alerts' : 'Open alerts'}>
                {alerts.map((alert) => (
                  <AlertItem key={alert.id} alert={alert} onResolved={resolved} onStale={stale} sessionEnded={sessionEnded} />
                ))}
              </ul>
            ) : (
              <div className="alerts__empty">
                <p>
                  <strong>{showResolved ? 'There have been no alerts yet.' : 'No open alerts. All clear.'}</strong>
                </p>
                <p>
                  New alerts appear here as soon as they are raised, while this page is open. Vouch checks every bank account
                  your suppliers add, and tells you when one is closed for cause, in someone else&rsquo;s name, or shared
                  between suppliers.
                </p>
              </div>
            )}
          </>
        )}
      </section>
    </>
  );
}

/** /alerts: a customer administrator's risk alerts about its suppliers, live, resolved with a note. */
export function AlertsPage() {
  const gate = useSignedIn();
  const { me } = gate;
  return (
    <Page title="Risk alerts">
      <div className="narrow">{me ? canReviewSuppliers(me.roles) ? <AlertBoard /> : <NotAllowed me={me} /> : gate.content}</div>
    </Page>
  );
}
