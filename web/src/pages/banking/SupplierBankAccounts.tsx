import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { decideBankAccount, reviewBankAccounts, type CustomerBankAccount, type ReviewDecision } from '../../api/banking';
import { errorMessage } from '../../api/messages';
import { useApi } from '../../api/context';
import { ApiError } from '../../api/problem';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { LoadFailed } from '../../components/LoadFailed';
import { NoticeRegion, type Notice } from '../../components/NoticeRegion';
import { RequiredNoteForm } from '../../components/RequiredNoteForm';
import { useSessionEnded } from '../../session/useSessionEnded';
import { AccountSummary, History, Reasons } from './parts';
import { accountName, formatDateTime, latestReasons } from './words';
import './Banking.css';

type ListState =
  | { kind: 'loading' }
  | { kind: 'failed'; message: string }
  | { kind: 'unavailable'; message: string }
  | { kind: 'ready'; accounts: CustomerBankAccount[] };

const decisionWords: Readonly<Record<ReviewDecision, { action: string; busy: string; done: string; hint: string }>> = {
  approve: {
    action: 'Approve account',
    busy: 'Approving…',
    done: 'approved',
    hint: 'What you checked, for example “Called the supplier on the number we have on file; the bank letter matches.”',
  },
  reject: {
    action: 'Reject account',
    busy: 'Rejecting…',
    done: 'rejected',
    hint: 'Why, for example “The account holder is not the supplier.” The supplier sees that the account cannot be used.',
  },
};

interface DecisionFormProps {
  supplierId: string;
  account: CustomerBankAccount;
  decision: ReviewDecision;
  onCancel: () => void;
  onDecided: (decision: ReviewDecision) => void;
  onStale: (message: string) => void;
  sessionEnded: (err: unknown) => boolean;
}

/** The reason for approving or rejecting an account in review; the reason is required. */
function DecisionForm({ supplierId, account, decision, onCancel, onDecided, onStale, sessionEnded }: DecisionFormProps) {
  const api = useApi();
  const words = decisionWords[decision];
  return (
    <RequiredNoteForm
      accessibleName={`${words.action}: ${accountName(account)}`}
      className="bank-subform"
      actionsClassName="bank-item__actions"
      label="Reason"
      name="reason"
      description={words.hint}
      requiredMessage="Enter a reason: it is kept with the account’s history."
      submitLabel={words.action}
      busyLabel={words.busy}
      failureTitle={`The account was not ${words.done}`}
      staleCodes={['bank_account_not_in_review', 'bank_account_not_found']}
      send={async (reason) => {
        await decideBankAccount(api, supplierId, account.id, decision, reason);
        onDecided(decision);
      }}
      onStale={onStale}
      onCancel={onCancel}
      sessionEnded={sessionEnded}
    />
  );
}

interface ItemProps {
  supplierId: string;
  account: CustomerBankAccount;
  now: number;
  /** The account's heading level. */
  level: 3 | 4;
  onDecided: (account: CustomerBankAccount, decision: ReviewDecision) => void;
  onStale: (message: string) => void;
  sessionEnded: (err: unknown) => boolean;
}

function AccountItem({ supplierId, account, now, level, onDecided, onStale, sessionEnded }: ItemProps) {
  const [deciding, setDeciding] = useState<ReviewDecision>();
  const approveRef = useRef<HTMLButtonElement>(null);
  const rejectRef = useRef<HTMLButtonElement>(null);
  const name = accountName(account);
  const history = account.history;
  const load = useCallback(() => Promise.resolve(history), [history]);
  const cooling = account.cooling_until && Date.parse(account.cooling_until) > now ? account.cooling_until : undefined;

  function cancel() {
    const decision = deciding;
    setDeciding(undefined);
    // Back to the button that opened the form.
    setTimeout(() => (decision === 'reject' ? rejectRef : approveRef).current?.focus(), 0);
  }

  return (
    <li className="bank-item">
      <AccountSummary
        account={account}
        heading={level === 3 ? 'h3' : 'h4'}
        addedNote={account.guarded_change && ' (a change to the supplier’s bank details)'}
      />
      {cooling && (
        <p className="bank-cooling">
          Payments to this account come back for review until{' '}
          <time dateTime={cooling}>{formatDateTime(cooling)}</time>.
        </p>
      )}
      <Reasons reasons={latestReasons(account.verification)} label={`Latest check of the ${name}`} />
      {account.status === 'review' &&
        (deciding ? (
          <DecisionForm
            supplierId={supplierId}
            account={account}
            decision={deciding}
            onCancel={cancel}
            onDecided={(decision) => onDecided(account, decision)}
            onStale={onStale}
            sessionEnded={sessionEnded}
          />
        ) : (
          <div className="bank-item__actions" role="group" aria-label={`Decide on the ${name}`}>
            <Button ref={approveRef} onClick={() => setDeciding('approve')}>
              Approve
            </Button>
            <Button ref={rejectRef} variant="secondary" onClick={() => setDeciding('reject')}>
              Reject
            </Button>
          </div>
        ))}
      <History accountLabel={name} load={load} />
    </li>
  );
}

export interface SupplierBankAccountsProps {
  supplierId: string;
  /** The level of the section's heading, to fit the page it sits in (its accounts are one below). */
  headingLevel?: 2 | 3;
}

/**
 * A supplier's bank accounts as its customer's admin sees them: status, checks, history,
 * the cooling period of a recent change, and a decision for accounts in review. Never the
 * account number: the API does not send it.
 */
export function SupplierBankAccounts({ supplierId, headingLevel = 2 }: SupplierBankAccountsProps) {
  const api = useApi();
  const [list, setList] = useState<ListState>({ kind: 'loading' });
  const [notice, setNotice] = useState<Notice>();
  const [now, setNow] = useState(() => Date.now());
  const noticeRef = useRef<HTMLDivElement>(null);
  const headingId = useId();
  const sessionEnded = useSessionEnded({ unauthenticatedOnly: true });
  const Heading = headingLevel === 2 ? 'h2' : 'h3';

  const load = useCallback(
    () =>
      reviewBankAccounts(api, supplierId).then(
        (accounts) => {
          setNow(Date.now());
          setList({ kind: 'ready', accounts });
        },
        (err: unknown) => {
          if (sessionEnded(err)) return;
          if (err instanceof ApiError && (err.code === 'forbidden' || err.code === 'supplier_not_found')) {
            setList({ kind: 'unavailable', message: errorMessage(err) });
            return;
          }
          setList({ kind: 'failed', message: errorMessage(err) });
          if (!(err instanceof ApiError)) throw err;
        },
      ),
    [api, supplierId, sessionEnded],
  );

  useEffect(() => {
    void load();
  }, [load]);

  function retry() {
    setList({ kind: 'loading' });
    void load();
  }

  function decided(account: CustomerBankAccount, decision: ReviewDecision) {
    setNotice({
      tone: 'success',
      title: `${accountName(account)} ${decisionWords[decision].done}`,
      message:
        decision === 'approve'
          ? 'Payments can go to this account. Your reason is kept in its history.'
          : 'Vouch will not send payments to this account. The supplier sees that it cannot be used.',
    });
    noticeRef.current?.focus();
    // The decision adds a check to the history: load it again.
    void load();
  }

  function stale(message: string) {
    setNotice({ tone: 'error', title: 'Nothing was changed', message });
    noticeRef.current?.focus();
    void load();
  }

  return (
    <section className="bank-section" aria-labelledby={headingId}>
      <Heading id={headingId}>Bank accounts</Heading>
      <NoticeRegion notice={notice} ref={noticeRef} focusable />
      {list.kind === 'loading' && <p className="bank-muted">Loading the supplier&rsquo;s bank accounts…</p>}
      {list.kind === 'failed' && (
        <LoadFailed title="The bank accounts could not be loaded" message={list.message} onRetry={retry} />
      )}
      {list.kind === 'unavailable' && (
        <Alert tone="info" title="The bank accounts are not available">
          <p>{list.message}</p>
        </Alert>
      )}
      {list.kind === 'ready' &&
        (list.accounts.length ? (
          <ul className="bank-list" aria-label="The supplier’s bank accounts">
            {list.accounts.map((account) => (
              <AccountItem
                key={account.id}
                supplierId={supplierId}
                account={account}
                now={now}
                level={headingLevel === 2 ? 3 : 4}
                onDecided={decided}
                onStale={stale}
                sessionEnded={sessionEnded}
              />
            ))}
          </ul>
        ) : (
          <p className="bank-muted">
            This supplier has not added a bank account yet. You will see it here, with the bank&rsquo;s check, once they do.
          </p>
        ))}
    </section>
  );
}
