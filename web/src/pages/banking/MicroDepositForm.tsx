import { useId, useRef, useState, type SubmitEvent } from 'react';
import { verifyMicroDeposits, type BankAccount } from '../../api/banking';
import { errorMessage } from '../../api/messages';
import { useApi } from '../../api/context';
import { ApiError } from '../../api/problem';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { TextField } from '../../components/TextField';
import { accountName, formatDate } from './words';

/**
 * Reads a deposit amount as cents: "32", "$0.32" and ".32" all give 32. Anything else,
 * or an amount outside 1–99 cents, gives undefined.
 */
export function parseCents(value: string): number | undefined {
  const text = value.trim().replace(/^\$/, '');
  let cents: number;
  if (/^\d{1,2}$/.test(text)) cents = Number(text);
  else if (/^0?\.\d{2}$/.test(text)) cents = Number(text.split('.')[1]);
  else return undefined;
  return cents >= 1 && cents <= 99 ? cents : undefined;
}

/** "Those are not the amounts we sent. 2 attempts left." → 2. */
function attemptsIn(detail: string | undefined): number | undefined {
  const m = detail?.match(/(\d+) attempts? left/);
  return m ? Number(m[1]) : undefined;
}

const amountError = 'Enter the amount in cents, from 1 to 99: for example 32 for a deposit of $0.32.';

export interface MicroDepositFormProps {
  account: BankAccount;
  /** The amounts matched: the account as it is now. */
  onConfirmed: (account: BankAccount) => void;
  /** The account cannot be confirmed this way any more (locked, expired, gone): the list is out of date. */
  onStale: (message: string) => void;
  sessionEnded: (err: unknown) => boolean;
}

/** Two deposit amounts, in cents, for an account waiting for micro-deposits. */
export function MicroDepositForm({ account, onConfirmed, onStale, sessionEnded }: MicroDepositFormProps) {
  const api = useApi();
  const [first, setFirst] = useState('');
  const [second, setSecond] = useState('');
  const [errors, setErrors] = useState<{ first?: string | undefined; second?: string | undefined }>({});
  const [failure, setFailure] = useState<string>();
  const [attemptsLeft, setAttemptsLeft] = useState(account.micro_deposits?.attempts_left);
  const [busy, setBusy] = useState(false);
  const firstRef = useRef<HTMLInputElement>(null);
  const secondRef = useRef<HTMLInputElement>(null);
  const headingId = useId();
  const name = accountName(account);
  const expires = account.micro_deposits?.expires_at;

  async function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    setFailure(undefined);
    const a = parseCents(first);
    const b = parseCents(second);
    const next = { first: a === undefined ? amountError : undefined, second: b === undefined ? amountError : undefined };
    setErrors(next);
    if (a === undefined || b === undefined) {
      (a === undefined ? firstRef : secondRef).current?.focus();
      return;
    }
    setBusy(true);
    try {
      const confirmed = await verifyMicroDeposits(api, account.id, [a, b]);
      onConfirmed(confirmed);
    } catch (err) {
      setBusy(false);
      if (sessionEnded(err)) return;
      if (err instanceof ApiError && err.code === 'micro_deposits_mismatch') {
        const left = attemptsIn(err.problem.detail);
        if (left !== undefined) setAttemptsLeft(left);
        setFailure(errorMessage(err));
        firstRef.current?.select();
        firstRef.current?.focus();
        return;
      }
      if (
        err instanceof ApiError &&
        ['micro_deposits_locked', 'micro_deposits_expired', 'micro_deposits_not_pending', 'bank_account_not_found'].includes(err.code)
      ) {
        onStale(errorMessage(err));
        return;
      }
      setFailure(errorMessage(err));
      if (!(err instanceof ApiError)) throw err;
    }
  }

  return (
    <section className="bank-subform" aria-labelledby={headingId}>
      <h4 id={headingId}>Confirm the two deposits</h4>
      <p>
        We send two deposits of less than $1 each to this account within one or two business days. When they show on your
        statement, enter both amounts here, in any order.
      </p>
      <p className="bank-muted">
        {attemptsLeft !== undefined && (
          <>
            {attemptsLeft === 1 ? '1 attempt left' : `${attemptsLeft} attempts left`}
            {expires ? '. ' : '.'}
          </>
        )}
        {expires && (
          <>
            Enter them by <time dateTime={expires}>{formatDate(expires)}</time>.
          </>
        )}
      </p>
      <div aria-live="polite">
        {failure && (
          <Alert tone="error" title="The deposits were not confirmed" announce={false}>
            <p>{failure}</p>
          </Alert>
        )}
      </div>
      <form noValidate onSubmit={(event) => void submit(event)} aria-label={`Deposit amounts for the ${name}`}>
        <div className="bank-amounts">
          <TextField
            ref={firstRef}
            label="First deposit, in cents"
            name="deposit-1"
            inputMode="decimal"
            autoComplete="off"
            required
            value={first}
            error={errors.first}
            onChange={(e) => setFirst(e.target.value)}
          />
          <TextField
            ref={secondRef}
            label="Second deposit, in cents"
            name="deposit-2"
            inputMode="decimal"
            autoComplete="off"
            required
            value={second}
            error={errors.second}
            onChange={(e) => setSecond(e.target.value)}
          />
        </div>
        <Button type="submit" aria-busy={busy}>
          {busy ? 'Checking…' : 'Confirm deposits'}
        </Button>
      </form>
    </section>
  );
}
