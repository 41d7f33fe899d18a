import { useCallback, useEffect, useRef, useState, type MouseEvent, type SubmitEvent } from 'react';
import { Link } from 'react-router';
import { searchUsers, type AdminUser } from '../../api/admin';
import type { Me } from '../../api/auth';
import { useApi } from '../../api/context';
import { errorMessage } from '../../api/messages';
import { ApiError } from '../../api/problem';
import { Alert } from '../../components/Alert';
import { Button, ButtonLink } from '../../components/Button';
import { TextField } from '../../components/TextField';
import { Page } from '../../layout/Page';
import { useSignedIn } from '../../session/gate';
import { canManageUsers, roleLabel, rolesInWords } from '../../session/roles';
import { useSessionEnded } from '../../session/useSessionEnded';
import type { UserIpRulesState } from './IpRules';
import { StaffActionDialog, type StaffActionRequest } from './StaffActionDialog';
import { isLocked, staffActionKinds, staffActions, type StaffActionKind, type StaffActionOutcome } from './staffActions';
import './AdminUsers.css';

/** How long typing must pause before the search runs by itself. */
export const searchDelayMs = 300;

/** The server's last answer to a search for q. */
type Answer = { status: 'done'; q: string; users: AdminUser[] } | { status: 'failed'; q: string; message: string } | { status: 'forbidden' };

/** What the page shows: the last answer, or a wait for the one to q (with the old list). */
type Results = Answer | { status: 'loading'; q: string; users?: AdminUser[] | undefined };

function resultsFor(answer: Answer | undefined, active: string): Results {
  if (!answer) return { status: 'loading', q: active };
  if (answer.status === 'forbidden' || answer.q === active) return answer;
  return { status: 'loading', q: active, users: answer.status === 'done' ? answer.users : undefined };
}

function summary(results: Results): string {
  switch (results.status) {
    case 'loading':
      return 'Searching…';
    case 'failed':
    case 'forbidden':
      return '';
    case 'done': {
      const { users, q } = results;
      if (users.length === 0) return q ? `No users match “${q}”.` : 'There are no users to show yet.';
      const count = `${users.length} ${users.length === 1 ? 'user' : 'users'}`;
      return q ? `${count} matching “${q}”.` : `${count}, newest first.`;
    }
  }
}

function NotAllowed({ me }: { me: Me }) {
  return (
    <Alert tone="info" title="This page is for administrators and support staff">
      <p>
        You are signed in as {rolesInWords(me.roles)}, which does not include managing users. If you need access,
        ask your organization&rsquo;s administrator.
      </p>
      <p>
        <Link to="/account">Go to your account</Link>
      </p>
    </Alert>
  );
}

type OpenAction = (request: StaffActionRequest, event: MouseEvent<HTMLButtonElement>) => void;

function UserRow({ user, onAction }: { user: AdminUser; onAction: OpenAction }) {
  const locked = isLocked(user);
  return (
    <tr>
      <td>
        <span className="users__label" aria-hidden="true">
          E-mail
        </span>
        <span className="users__email">{user.email}</span>
      </td>
      <td>
        <span className="users__label" aria-hidden="true">
          Name
        </span>
        {user.name || <span className="users__none">Not given</span>}
      </td>
      <td>
        <span className="users__label" aria-hidden="true">
          Roles
        </span>
        <ul className="users__roles">
          {user.roles.map((role) => (
            <li key={role}>{roleLabel(role)}</li>
          ))}
        </ul>
      </td>
      <td>
        <span className="users__label" aria-hidden="true">
          Status
        </span>
        <span className="users__status">
          <span>{user.status === 'active' ? 'Active' : 'Disabled'}</span>
          {locked && user.locked_until && (
            <span className="badge badge--warning">Locked until {new Date(user.locked_until).toLocaleString()}</span>
          )}
          {user.must_change_password && <span className="badge badge--warning">Reset required</span>}
          {user.require_passkey && (
            <span className="badge">{user.require_passkey_user ? 'Passkey required' : 'Passkey required (organization)'}</span>
          )}
        </span>
      </td>
      <td className="users__actions">
        <div className="users__action-list">
          {staffActionKinds.filter((action: StaffActionKind) => staffActions[action].shows?.(user) ?? true).map((action) => (
            <Button key={action} variant="secondary" className="users__action" onClick={(event) => onAction({ user, action }, event)}>
              {staffActions[action].label} <span className="visually-hidden">for {user.email}</span>
            </Button>
          ))}
          {/* A page of its own, not a dialog: a list to read and edit, and a link to share. */}
          <ButtonLink
            variant="secondary"
            className="users__action"
            to={`/admin/users/${encodeURIComponent(user.id)}/ip-rules`}
            state={{ email: user.email } satisfies UserIpRulesState}
          >
            IP rules <span className="visually-hidden">for {user.email}</span>
          </ButtonLink>
        </div>
      </td>
    </tr>
  );
}

function UserSearch({ me }: { me: Me }) {
  const api = useApi();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState('');
  const [answer, setAnswer] = useState<Answer>();
  const [target, setTarget] = useState<StaffActionRequest>();
  const [notice, setNotice] = useState<string>();
  const opener = useRef<HTMLButtonElement>(null);

  // Answers that mean the page cannot go on: the session ended, or a forced reset came
  // due (the session gate then sends the person on). Returns whether it handled err.
  const sessionEnded = useSessionEnded();

  // Typing searches by itself once it pauses; Enter or the button searches at once.
  useEffect(() => {
    const timer = setTimeout(() => setActive(query.trim()), searchDelayMs);
    return () => clearTimeout(timer);
  }, [query]);

  useEffect(() => {
    const abort = new AbortController();
    searchUsers(api, active, abort.signal).then(
      (users) => setAnswer({ status: 'done', q: active, users }),
      (err: unknown) => {
        if (abort.signal.aborted) return;
        if (err instanceof ApiError && sessionEnded(err)) return;
        if (err instanceof ApiError && err.code === 'forbidden') setAnswer({ status: 'forbidden' });
        else setAnswer({ status: 'failed', q: active, message: errorMessage(err) });
      },
    );
    return () => abort.abort();
  }, [api, active, sessionEnded]);

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    setActive(query.trim());
  }

  function openAction(request: StaffActionRequest, event: MouseEvent<HTMLButtonElement>) {
    opener.current = event.currentTarget;
    setNotice(undefined);
    setTarget(request);
  }

  const closeAction = useCallback(() => {
    setTarget(undefined);
    // The browser usually does this itself; a re-rendered row may need the help.
    if (opener.current?.isConnected) opener.current.focus();
  }, []);

  function actionDone({ user, action }: StaffActionRequest, outcome: StaffActionOutcome) {
    if (action === 'force-reset') {
      setAnswer((was) =>
        was?.status === 'done'
          ? { ...was, users: was.users.map((u) => (u.id === user.id ? { ...u, must_change_password: true } : u)) }
          : was,
      );
    }
    const patch = staffActions[action].patch;
    if (patch) {
      setAnswer((was) =>
        was?.status === 'done' ? { ...was, users: was.users.map((u) => (u.id === user.id ? { ...u, ...patch(u) } : u)) } : was,
      );
    }
    setNotice(staffActions[action].done(user.email, outcome));
    setTarget(undefined);
  }

  const results = resultsFor(answer, active);
  if (results.status === 'forbidden') return <NotAllowed me={me} />;
  const users = results.status === 'failed' ? [] : (results.users ?? []);

  return (
    <>
      {/* Kept mounted so the confirmation is announced when it appears. */}
      <div role="status" className="users__notice">
        {notice && <Alert tone="success" title={notice} announce={false} />}
      </div>
      {me.roles.length === 1 && me.roles[0] === 'customer_admin' && me.org && (
        <p className="users__scope">You can find and manage the users of {me.org.name}.</p>
      )}
      <form role="search" aria-label="Users" className="users__search" noValidate onSubmit={submit}>
        <TextField
          label="Search by e-mail or name"
          name="q"
          type="search"
          spellCheck={false}
          autoComplete="off"
          className="users__search-field"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <Button type="submit">Search</Button>
      </form>
      {results.status === 'failed' && (
        <Alert tone="error" title="The search did not work">
          <p>{results.message}</p>
        </Alert>
      )}
      <p role="status" className="users__summary">
        {summary(results)}
      </p>
      {results.status === 'done' && users.length === 0 && results.q && (
        <p className="users__hint">
          Check the spelling, try part of the e-mail address, or clear the search to see everyone you can manage.
        </p>
      )}
      {users.length > 0 && (
        <div className="users__table-wrap" aria-busy={results.status === 'loading'}>
          <table className="users">
            <caption className="visually-hidden">Users</caption>
            <thead>
              <tr>
                <th scope="col">E-mail</th>
                <th scope="col">Name</th>
                <th scope="col">Roles</th>
                <th scope="col">Status</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {users.map((user) => (
                <UserRow key={user.id} user={user} onAction={openAction} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <StaffActionDialog request={target} onClose={closeAction} onDone={actionDone} onSessionProblem={sessionEnded} />
    </>
  );
}

/**
 * Find users and act on them (e-mail a reset link, force a password reset, sign them out
 * everywhere), for platform admins, support and customer admins.
 */
export function AdminUsers() {
  const gate = useSignedIn();
  const me = gate.me;
  return (
    <Page title="Users">
      {me ? canManageUsers(me.roles) ? <UserSearch me={me} /> : <NotAllowed me={me} /> : gate.content}
    </Page>
  );
}
