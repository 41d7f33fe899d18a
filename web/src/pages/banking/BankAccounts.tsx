import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { Link } from 'react-router';
import type { Me } from '../../api/auth';
import { bankAccountHistory, listBankAccounts, type BankAccount } from '../../api/banking';
import { errorMessage } from '../../api/messages';
import { useApi } from '../../api/context';
import { ApiError } from '../../api/problem';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { LoadFailed } from '../../components/LoadFailed';
import { NoticeRegion, type Notice } from '../../components/NoticeRegion';
import { Page } from '../../layout/Page';
import { useSignedIn } from '../../session/gate';
import { isSupplierUser, rolesInWords } from '../../session/roles';
import { useSessionEnded } from '../../session/useSessionEnded';
import '../forms.css';
import { AddBankAccountForm } from './AddBankAccountForm';
import { MicroDepositForm } from './MicroDepositForm';
import { AccountSummary, History, Reasons } from './parts';
import { accountName, latestReasons } from './words';
import './Banking.css';

type ListState = { kind: 'loading' } | { kind: 'failed'; message: string } | { kind: 'ready'; accounts: BankAccount[] };

function NotAllowed({ me }: { me: Me }) {
  return (
    <Alert tone="info" title="This page is for suppliers">
      <p>
        You are signed in as {rolesInWords(me.roles)}. Suppliers add the bank accounts their customers pay into here; a
        customer&rsquo;s administrator sees a supplier&rsquo;s accounts on its review page.
      </p>
      <p>
        <Link to="/account">Go to your account</Link>
      </p>
    </Alert>
  );
}

/** What the result of adding an account means, and what happens next. */
function resultWords(account: BankAccount): { tone: 'success' | 'error' | 'info'; title: string; lead: string } {
  const name = accountName(account);
  switch (account.status) {
    case 'verified':
      return {
        tone: 'success',
        title: 'Bank account verified',
        lead: `The bank confirmed the ${name} at ${account.bank_name} is open and in your name. Your customers can pay into it.`,
      };
    case 'failed':
      return {
        tone: 'error',
        title: 'This bank account cannot be used',
        lead:
          account.verification?.account_status === 'closed_for_cause'
            ? `The bank closed the ${name} for cause. Vouch will not send payments to it, and your customers have been alerted. Add a different account.`
            : `The bank's answer means Vouch cannot send payments to the ${name}. Check the details below, then add the account again or use another one.`,
      };
    case 'review':
      return {
        tone: 'info',
        title: 'Added: waiting for a review',
        lead: `The ${name} was added. A customer's administrator will check it before payments are sent to it; you will see its status change here. There is nothing more to do now.`,
      };
    case 'pending_micro_deposits':
      return {
        tone: 'info',
        title: 'Added: confirm two small deposits',
        lead: `The bank did not answer in time, so within one or two business days we send two deposits of less than $1 each to the ${name}. When they show on your statement, enter both amounts under the account below.`,
      };
    default:
      return { tone: 'info', title: 'Bank account added', lead: `The ${name} was added.` };
  }
}

/** The instant result of adding an account, shown prominently; its heading takes focus. */
function AddResult({ account, onDone }: { account: BankAccount; onDone: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  const headingId = useId();
  const { tone, title, lead } = resultWords(account);

  useEffect(() => {
    heading.current?.focus();
  }, [account.id]);

  return (
    <section className={`bank-result bank-result--${tone}`} aria-labelledby={headingId}>
      <h2 id={headingId} ref={heading} tabIndex={-1}>
        {title}
      </h2>
      <p>{lead}</p>
      <Reasons reasons={latestReasons(account.verification)} label="What the bank check found" />
      <Button variant="secondary" onClick={onDone}>
        Close this message
      </Button>
    </section>
  );
}

interface ItemProps {
  account: BankAccount;
  onConfirmed: (account: BankAccount) => void;
  onStale: (message: string) => void;
  sessionEnded: (err: unknown) => boolean;
}

function AccountItem({ account, onConfirmed, onStale, sessionEnded }: ItemProps) {
  const api = useApi();
  const name = accountName(account);
  const load = useCallback(() => bankAccountHistory(api, account.id), [api, account.id]);
  return (
    <li className="bank-item">
      <AccountSummary account={account} />
      <Reasons reasons={latestReasons(account.verification)} label={`Latest check of the ${name}`} />
      {account.guarded_change && account.status === 'verified' && (
        <p className="bank-muted">
          This account changed where your customers pay you, so they review payments to it for a while first.
        </p>
      )}
      {account.status === 'pending_micro_deposits' && (
        <MicroDepositForm account={account} onConfirmed={onConfirmed} onStale={onStale} sessionEnded={sessionEnded} />
      )}
      <History accountLabel={name} load={load} sessionEnded={sessionEnded} />
    </li>
  );
}

function confirmedNotice(account: BankAccount): Notice {
  const name = accountName(account);
  if (account.status === 'verified') {
    return { tone: 'success', title: 'Deposits confirmed', message: `The ${name} is verified.` };
  }
  return {
    tone: 'success',
    title: 'Deposits confirmed',
    message: `The amounts match. A customer's administrator will now confirm the owner of the ${name} before payments are sent to it.`,
  };
}

function AccountManager() {
  const api = useApi();
  const [list, setList] = useState<ListState>({ kind: 'loading' });
  const [notice, setNotice] = useState<Notice>();
  const [added, setAdded] = useState<BankAccount>();
  const noticeRef = useRef<HTMLDivElement>(null);
  const listHeadingId = useId();
  const formHeadingId = useId();
  const sessionEnded = useSessionEnded({ unauthenticatedOnly: true });

  const load = useCallback(
    () =>
      listBankAccounts(api).then(
        (accounts) => setList({ kind: 'ready', accounts }),
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

  function replace(account: BankAccount) {
    setList((current) =>
      current.kind === 'ready'
        ? { kind: 'ready', accounts: current.accounts.map((a) => (a.id === account.id ? account : a)) }
        : current,
    );
  }

  function onAdded(account: BankAccount) {
    setNotice(undefined);
    setList((current) =>
      current.kind === 'ready'
        ? { kind: 'ready', accounts: [account, ...current.accounts.filter((a) => a.id !== account.id)] }
        : current,
    );
    setAdded(account);
  }

  function onConfirmed(account: BankAccount) {
    replace(account);
    if (added?.id === account.id) setAdded(undefined);
    setNotice(confirmedNotice(account));
    noticeRef.current?.focus();
  }

  function onStale(message: string) {
    setNotice({ tone: 'error', title: 'The deposits were not confirmed', message });
    noticeRef.current?.focus();
    void load();
  }

  return (
    <>
      <p className="bank-intro">
        The account your customers pay into. Vouch checks each account with the bank when you add it, and shows only its
        last four digits.
      </p>
      <NoticeRegion notice={notice} ref={noticeRef} focusable />
      {added && <AddResult account={added} onDone={() => setAdded(undefined)} />}
      <section className="bank-section" aria-labelledby={listHeadingId}>
        <h2 id={listHeadingId}>Your bank accounts</h2>
        {list.kind === 'loading' && <p className="bank-muted">Loading your bank accounts…</p>}
        {list.kind === 'failed' && (
          <LoadFailed title="Your bank accounts could not be loaded" message={list.message} onRetry={retry} />
        )}
        {list.kind === 'ready' &&
          (list.accounts.length ? (
            <ul className="bank-list" aria-label="Your bank accounts">
              {list.accounts.map((account) => (
                <AccountItem
                  key={account.id}
                  account={account}
                  onConfirmed={onConfirmed}
                  onStale={onStale}
                  sessionEnded={sessionEnded}
                />
              ))}
            </ul>
          ) : (
            <div>
              <p>
                <strong>You have no bank account on Vouch yet.</strong>
              </p>
              <p>
                Add the account your customers should pay into, below. Most banks answer in seconds; if yours does not, we
                confirm the account with two small deposits instead.
              </p>
            </div>
          ))}
      </section>
      <section className="bank-section" aria-labelledby={formHeadingId}>
        <h2 id={formHeadingId}>Add a bank account</h2>
        <AddBankAccountForm onAdded={onAdded} onNotice={setNotice} sessionEnded={sessionEnded} />
      </section>
    </>
  );
}

/** /bank-accounts: a supplier's bank accounts, their checks and history, and adding one. */
export function BankAccountsPage() {
  const gate = useSignedIn();
  const { me } = gate;
  return (
    <Page title="Bank accounts">
      <div className="narrow">{me ? isSupplierUser(me.roles) ? <AccountManager /> : <NotAllowed me={me} /> : gate.content}</div>
    </Page>
  );
}
