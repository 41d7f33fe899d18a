import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useApi } from '../api/context';
import { errorMessage } from '../api/messages';
import { ApiError } from '../api/problem';
import { endMySession, listMySessions, type MySession } from '../api/sessions';
import { Button } from '../components/Button';
import { LoadFailed } from '../components/LoadFailed';
import { NoticeRegion, type Notice } from '../components/NoticeRegion';
import { useSessionEnded } from '../session/useSessionEnded';
import { describeUserAgent } from './userAgent';
import { useConfirmedAction } from '../components/useConfirmedAction';
import './Sessions.css';

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

type ListState = { kind: 'loading' } | { kind: 'failed'; message: string } | { kind: 'ready'; sessions: MySession[] };

interface ItemProps {
  session: MySession;
  onEnd: (session: MySession) => Promise<boolean>;
}

function SessionItem({ session, onEnd }: ItemProps) {
  const { confirming, busy, confirmRef, triggerRef, ask, cancel, act } = useConfirmedAction(() => onEnd(session));
  const device = describeUserAgent(session.user_agent);
  const lastActive = timeFormat.format(new Date(session.last_seen_at));

  return (
    <li className="sessions__item">
      <p className="sessions__device">
        <span>{device}</span>
        {session.current && <span className="sessions__badge">This device</span>}
      </p>
      <p className="sessions__details">
        {session.ip ? <>IP address {session.ip}</> : 'IP address unknown'}
        {' · '}
        Last active <time dateTime={session.last_seen_at}>{lastActive}</time>
      </p>
      {!session.current &&
        (confirming ? (
          <div className="sessions__confirm" role="group" aria-label={`Sign out ${device}?`}>
            <p>
              Sign out <strong>{device}</strong>? Whoever uses it will have to sign in again.
            </p>
            <div className="sessions__actions">
              <Button ref={confirmRef} onClick={() => void act()} aria-busy={busy}>
                {busy ? 'Signing out…' : 'Sign out this session'}
              </Button>
              <Button variant="secondary" onClick={cancel}>
                Cancel
              </Button>
            </div>
          </div>
        ) : (
          <div className="sessions__actions">
            {/* The device and time make each "Sign out" unique out of context; it starts with the visible words. */}
            <Button
              ref={triggerRef}
              variant="secondary"
              aria-label={`Sign out ${device}, last active ${lastActive}`}
              onClick={ask}
            >
              Sign out
            </Button>
          </div>
        ))}
    </li>
  );
}

/**
 * The account page's "Where you're signed in": every session of this person, the current
 * one marked "This device", and signing out any other after an inline confirmation.
 */
export function Sessions() {
  const api = useApi();
  const [list, setList] = useState<ListState>({ kind: 'loading' });
  const [notice, setNotice] = useState<Notice>();
  const headingId = useId();
  const heading = useRef<HTMLHeadingElement>(null);

  const sessionEnded = useSessionEnded({ unauthenticatedOnly: true });

  const load = useCallback(
    () =>
      listMySessions(api).then(
        (sessions) => setList({ kind: 'ready', sessions }),
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

  async function end(session: MySession): Promise<boolean> {
    setNotice(undefined);
    const device = describeUserAgent(session.user_agent);
    try {
      await endMySession(api, session.id);
    } catch (err) {
      if (sessionEnded(err)) return false;
      if (!(err instanceof ApiError && err.status === 404)) {
        setNotice({ tone: 'error', title: `${device} was not signed out`, message: errorMessage(err) });
        if (!(err instanceof ApiError)) throw err;
        return false;
      }
    }
    setList((current) =>
      current.kind === 'ready' ? { kind: 'ready', sessions: current.sessions.filter((s) => s.id !== session.id) } : current,
    );
    setNotice({ tone: 'success', title: `Signed out ${device}`, message: 'That session has ended.' });
    heading.current?.focus();
    return true;
  }

  return (
    <section className="sessions" aria-labelledby={headingId}>
      <h2 id={headingId} ref={heading} tabIndex={-1}>
        Where you&rsquo;re signed in
      </h2>
      <p className="sessions__intro">
        Every browser and device signed in to your account. If you don&rsquo;t recognise one, sign it out and change your
        password.
      </p>
      <NoticeRegion notice={notice} />
      {list.kind === 'loading' && <p className="sessions__status">Loading where you&rsquo;re signed in…</p>}
      {list.kind === 'failed' && (
        <LoadFailed title="Your sessions could not be loaded" message={list.message} onRetry={retry} />
      )}
      {list.kind === 'ready' && (
        <ul className="sessions__list" aria-label="Your sessions">
          {list.sessions.map((session) => (
            <SessionItem key={session.id} session={session} onEnd={end} />
          ))}
        </ul>
      )}
    </section>
  );
}
