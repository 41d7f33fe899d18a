import { useId, useState } from 'react';
import type { BankAccount, BankVerification } from '../../api/banking';
import { errorMessage } from '../../api/messages';
import { ApiError } from '../../api/problem';
import { Button } from '../../components/Button';
import {
  accountName,
  accountStatusLabel,
  formatDate,
  formatDateTime,
  methodLabel,
  ownerMatchLabel,
  reasonSentence,
  statusLabel,
  statusTone,
} from './words';
import './Banking.css';

/** An account's status as a badge in words (colour only repeats what the words say). */
export function StatusBadge({ status }: { status: string }) {
  return <span className={`bank-badge bank-badge--${statusTone(status)}`}>{statusLabel(status)}</span>;
}

/** What the supplier and its customers both see of an account, whichever page shows it. */
type SummarisedAccount = Pick<
  BankAccount,
  'account_type' | 'last4' | 'status' | 'bank_name' | 'routing_number' | 'holder_name' | 'created_at'
>;

/**
 * An account's name and status, then its bank, holder and date added. `heading` is the
 * name's level in the page's outline; `addedNote` follows the date.
 */
export function AccountSummary({
  account,
  heading: Heading = 'h3',
  addedNote,
}: {
  account: SummarisedAccount;
  heading?: 'h3' | 'h4';
  addedNote?: string | false;
}) {
  return (
    <>
      <div className="bank-item__head">
        <Heading className="bank-item__name">{accountName(account)}</Heading>
        <StatusBadge status={account.status} />
      </div>
      <dl className="bank-facts">
        <div>
          <dt>Bank</dt>
          <dd>
            {account.bank_name || 'Not named'} (routing number {account.routing_number})
          </dd>
        </div>
        <div>
          <dt>Name on the account</dt>
          <dd>{account.holder_name}</dd>
        </div>
        <div>
          <dt>Added</dt>
          <dd>
            <time dateTime={account.created_at}>{formatDate(account.created_at)}</time>
            {addedNote}
          </dd>
        </div>
      </dl>
    </>
  );
}

/** Reasons as a list of sentences; nothing when there are none. */
export function Reasons({ reasons, label }: { reasons: string[]; label: string }) {
  if (!reasons.length) return null;
  return (
    <ul className="bank-reasons" aria-label={label}>
      {reasons.map((reason, i) => (
        <li key={i}>{reason}</li>
      ))}
    </ul>
  );
}

/** One verification: when, how, what the bank said, and why. */
function VerificationItem({ verification }: { verification: BankVerification }) {
  return (
    <li className="bank-history__item">
      <p className="bank-history__when">
        <time dateTime={verification.checked_at}>{formatDateTime(verification.checked_at)}</time>
        {' · '}
        {methodLabel(verification.method)}
      </p>
      <dl className="bank-facts">
        <div>
          <dt>Account at the bank</dt>
          <dd>{accountStatusLabel(verification.account_status)}</dd>
        </div>
        <div>
          <dt>Owner&rsquo;s name</dt>
          <dd>{ownerMatchLabel(verification.owner_match)}</dd>
        </div>
      </dl>
      {verification.reasons.length > 0 && (
        <ul className="bank-reasons">
          {verification.reasons.map((reason, i) => (
            <li key={i}>{reasonSentence(reason)}</li>
          ))}
        </ul>
      )}
    </li>
  );
}

type HistoryState =
  | { kind: 'closed' }
  | { kind: 'loading' }
  | { kind: 'failed'; message: string }
  | { kind: 'ready'; verifications: BankVerification[] };

export interface HistoryProps {
  /** The account, in words, so the button says whose history it shows. */
  accountLabel: string;
  /** Fetches the verifications, oldest first (each time the disclosure opens). */
  load: () => Promise<BankVerification[]>;
  /** Called with an error that ends the page (an expired session); true when it did. */
  sessionEnded?: (err: unknown) => boolean;
}

/**
 * A "History" disclosure: a button with aria-expanded that shows every verification of
 * the account, newest first, loading them when it opens.
 */
export function History({ accountLabel, load, sessionEnded }: HistoryProps) {
  const [state, setState] = useState<HistoryState>({ kind: 'closed' });
  const regionId = useId();
  const open = state.kind !== 'closed';

  function fetchHistory() {
    setState({ kind: 'loading' });
    load().then(
      (verifications) => setState({ kind: 'ready', verifications }),
      (err: unknown) => {
        if (sessionEnded?.(err)) return;
        setState({ kind: 'failed', message: errorMessage(err) });
        if (!(err instanceof ApiError)) throw err;
      },
    );
  }

  function toggle() {
    if (open) setState({ kind: 'closed' });
    else fetchHistory();
  }

  return (
    <div className="bank-history">
      <Button
        variant="secondary"
        aria-expanded={open}
        aria-controls={open ? regionId : undefined}
        aria-label={`${open ? 'Hide history' : 'History'} of the ${accountLabel}`}
        onClick={toggle}
      >
        {open ? 'Hide history' : 'History'}
      </Button>
      {open && (
        <div id={regionId} className="bank-history__body" aria-live="polite">
          {state.kind === 'loading' && <p className="bank-muted">Loading the history…</p>}
          {state.kind === 'failed' && (
            <div className="bank-history__failed">
              <p>The history could not be loaded. {state.message}</p>
              <Button variant="secondary" onClick={fetchHistory}>
                Try again
              </Button>
            </div>
          )}
          {state.kind === 'ready' &&
            (state.verifications.length ? (
              <ol className="bank-history__list" aria-label={`Checks of the ${accountLabel}, newest first`}>
                {[...state.verifications].reverse().map((v) => (
                  <VerificationItem key={v.id} verification={v} />
                ))}
              </ol>
            ) : (
              <p className="bank-muted">No checks are recorded for this account yet.</p>
            ))}
        </div>
      )}
    </div>
  );
}
