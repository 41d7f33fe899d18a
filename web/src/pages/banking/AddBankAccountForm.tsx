import { useEffect, useId, useRef, useState, type SubmitEvent } from 'react';
import { addBankAccount, lookupRoutingNumber, type AccountType, type BankAccount, type RoutingNumber } from '../../api/banking';
import { SubmissionKey } from '../../api/idempotency';
import { errorMessage } from '../../api/messages';
import { useApi } from '../../api/context';
import { fieldMessage } from '../../api/messages';
import { ApiError } from '../../api/problem';
import { Button } from '../../components/Button';
import type { Notice } from '../../components/NoticeRegion';
import { TextField } from '../../components/TextField';
import { StepUpCancelled, useStepUp } from '../../stepup/useStepUp';
import { accountTypeLabels } from './words';

/** How long typing must pause before the routing number is looked up. */
export const lookupDelayMs = 300;
const maxHolderNameLength = 200;

/** Why a number fails the ABA checks, in words, when the server sent no detail. */
const invalidReasons: Readonly<Record<string, string | undefined>> = {
  length: 'A routing number has exactly 9 digits.',
  not_digits: 'A routing number has digits only.',
  prefix: 'This is not a routing number: its first two digits are not used by US banks.',
  checksum: 'This routing number has a typo: its check digit does not add up. Check it on a check or a statement.',
};

type LookupOutcome =
  | { kind: 'idle' }
  | { kind: 'checking' }
  | { kind: 'found'; text: string }
  /** The number cannot be used: the form refuses it. */
  | { kind: 'invalid'; text: string }
  /** Worth a warning, not a refusal: the server has the last word when the account is added. */
  | { kind: 'warning'; text: string };

function outcomeOf(r: RoutingNumber): LookupOutcome {
  if (!r.valid || r.status === 'invalid') {
    return { kind: 'invalid', text: r.detail ?? invalidReasons[r.reason ?? ''] ?? 'This is not a valid routing number.' };
  }
  if (r.status === 'replaced') {
    return {
      kind: 'invalid',
      text: r.new_routing_number
        ? `This routing number was replaced by ${r.new_routing_number}. Use the new number.`
        : 'This routing number was replaced by a newer one. Ask your bank for the current number.',
    };
  }
  if (r.status === 'not_found' || !r.bank_name) {
    return {
      kind: 'warning',
      text: "Vouch can't find this routing number in the Federal Reserve's directory. Check it on a check or a statement from your bank.",
    };
  }
  const place = [r.city, r.state].filter(Boolean).join(', ');
  return { kind: 'found', text: `${r.bank_name}${place ? `, ${place}` : ''}` };
}

/**
 * Looks the routing number up once it has 9 digits and typing pauses; the answer is kept
 * with the digits it is for, so a stale answer is never shown for a newer number.
 */
function useRoutingLookup(digits: string): LookupOutcome {
  const api = useApi();
  const [answer, setAnswer] = useState<{ digits: string; outcome: LookupOutcome }>();
  useEffect(() => {
    if (digits.length !== 9) return undefined;
    let live = true;
    const timer = setTimeout(() => {
      lookupRoutingNumber(api, digits).then(
        (r) => live && setAnswer({ digits, outcome: outcomeOf(r) }),
        (err: unknown) => {
          if (!live) return;
          setAnswer({
            digits,
            outcome: {
              kind: 'warning',
              text: `Vouch couldn't check this routing number just now (${errorMessage(err)}) It is checked again when you add the account.`,
            },
          });
        },
      );
    }, lookupDelayMs);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, digits]);
  if (digits.length !== 9) return { kind: 'idle' };
  return answer?.digits === digits ? answer.outcome : { kind: 'checking' };
}

type Field = 'routing_number' | 'account_number' | 'account_number_confirm' | 'holder_name' | 'account_type';
type Errors = { [F in Field]?: string | undefined };

const fieldLabels: Readonly<Record<string, string>> = {
  routing_number: 'Routing number',
  account_number: 'Account number',
  account_type: 'Account type',
  holder_name: 'Name on the account',
};

export interface AddBankAccountFormProps {
  /** The account was added (whatever its verification said). */
  onAdded: (account: BankAccount) => void;
  /** Shows a notice in the page's notice region. */
  onNotice: (notice: Notice | undefined) => void;
  /** Whether an error ends the page (an expired session); true when it did. */
  sessionEnded: (err: unknown) => boolean;
}

/** "Add a bank account": routing number with a live lookup, the account number twice, its type and holder. */
export function AddBankAccountForm({ onAdded, onNotice, sessionEnded }: AddBankAccountFormProps) {
  const api = useApi();
  const { withStepUp, dialog } = useStepUp();
  const [routing, setRouting] = useState('');
  const [accountNumber, setAccountNumber] = useState('');
  const [confirmNumber, setConfirmNumber] = useState('');
  const [showNumbers, setShowNumbers] = useState(false);
  const [accountType, setAccountType] = useState<AccountType>('checking');
  const [holder, setHolder] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const lookup = useRoutingLookup(routing);
  const typeErrorId = useId();
  const routingRef = useRef<HTMLInputElement>(null);
  // One key per account being added: pressing Add again after a lost answer adds nothing twice.
  const attempt = useRef(new SubmissionKey());
  const numberRef = useRef<HTMLInputElement>(null);
  const confirmRef = useRef<HTMLInputElement>(null);
  const typeRef = useRef<HTMLInputElement>(null);
  const holderRef = useRef<HTMLInputElement>(null);

  function showErrors(next: Errors) {
    setErrors(next);
    const inOrder: [Field, typeof routingRef][] = [
      ['routing_number', routingRef],
      ['account_number', numberRef],
      ['account_number_confirm', confirmRef],
      ['account_type', typeRef],
      ['holder_name', holderRef],
    ];
    inOrder.find(([field]) => next[field])?.[1].current?.focus();
  }

  function clearError(field: Field) {
    setErrors((current) => (current[field] ? { ...current, [field]: undefined } : current));
  }

  function validate(): Errors {
    const next: Errors = {};
    if (routing.length !== 9) next.routing_number = 'Enter the 9-digit routing number, as printed on a check or a statement.';
    else if (lookup.kind === 'invalid') next.routing_number = lookup.text;
    const number = accountNumber.replace(/\s+/g, '');
    if (!/^\d{4,17}$/.test(number)) {
      next.account_number = number ? 'An account number has 4 to 17 digits, and digits only.' : 'Enter the account number.';
    }
    const confirm = confirmNumber.replace(/\s+/g, '');
    if (!confirm) next.account_number_confirm = 'Enter the account number again, to be sure it is right.';
    else if (!next.account_number && confirm !== number) {
      next.account_number_confirm = "The two account numbers don't match. Check both and type them again.";
    }
    if (!holder.trim()) next.holder_name = 'Enter the name the bank has on the account.';
    return next;
  }

  function checkConfirmation() {
    const number = accountNumber.replace(/\s+/g, '');
    const confirm = confirmNumber.replace(/\s+/g, '');
    if (confirm && number && confirm !== number) {
      setErrors((current) => ({
        ...current,
        account_number_confirm: "The two account numbers don't match. Check both and type them again.",
      }));
    }
  }

  async function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    onNotice(undefined);
    const found = validate();
    if (Object.values(found).some(Boolean)) {
      showErrors(found);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      // Every account after the first is a guarded change: the server asks for a step-up.
      const input = {
        routing_number: routing,
        account_number: accountNumber.replace(/\s+/g, ''),
        account_type: accountType,
        holder_name: holder.trim(),
      };
      const key = attempt.current.keyFor(input);
      const account = await withStepUp(() => addBankAccount(api, input, key));
      attempt.current = new SubmissionKey();
      setRouting('');
      setAccountNumber('');
      setConfirmNumber('');
      setShowNumbers(false);
      setAccountType('checking');
      setHolder('');
      onAdded(account);
    } catch (err) {
      if (sessionEnded(err)) return;
      if (err instanceof StepUpCancelled) {
        onNotice({
          tone: 'error',
          title: 'The account was not added',
          message: 'Vouch needs you to confirm it’s you before it adds a bank account. Your details are still in the form.',
        });
        routingRef.current?.focus();
        return;
      }
      if (err instanceof ApiError && (err.code === 'routing_number_unknown' || err.code === 'routing_number_replaced')) {
        showErrors({ routing_number: errorMessage(err) });
        return;
      }
      const fieldErrors = err instanceof ApiError ? (err.problem.errors ?? []) : [];
      const mapped: Errors = {};
      for (const e of fieldErrors) {
        const label = fieldLabels[e.field];
        if (label) mapped[e.field as Field] = fieldMessage(e.field, label, e.message);
      }
      if (Object.keys(mapped).length) showErrors(mapped);
      else onNotice({ tone: 'error', title: 'The account was not added', message: errorMessage(err) });
      if (!(err instanceof ApiError)) throw err;
    } finally {
      setBusy(false);
    }
  }

  const lookupText =
    errors.routing_number === undefined && lookup.kind !== 'idle'
      ? lookup.kind === 'checking'
        ? 'Checking the routing number…'
        : lookup.kind === 'found'
          ? `Bank: ${lookup.text}`
          : lookup.text
      : '';
  const lookupClass =
    lookup.kind === 'found' ? 'bank-lookup bank-lookup--ok' : lookup.kind === 'invalid' ? 'bank-lookup bank-lookup--bad' : 'bank-lookup bank-muted';
  const numberType = showNumbers ? 'text' : 'password';

  return (
    <>
      {dialog}
      <form className="bank-form" noValidate onSubmit={(event) => void submit(event)}>
        <TextField
          ref={routingRef}
          label="Routing number"
          name="routing-number"
          description="The 9 digits at the bottom left of a check, or on a statement."
          inputMode="numeric"
          autoComplete="off"
          spellCheck={false}
          required
          value={routing}
          error={errors.routing_number}
          onChange={(e) => {
            setRouting(e.target.value.replace(/\D/g, '').slice(0, 9));
            clearError('routing_number');
          }}
        />
        <p className={lookupClass} aria-live="polite">
          {lookupText}
        </p>
        <TextField
          ref={numberRef}
          label="Account number"
          name="account-number"
          description="4 to 17 digits. Vouch stores it encrypted and shows only the last four."
          type={numberType}
          inputMode="numeric"
          autoComplete="off"
          spellCheck={false}
          required
          value={accountNumber}
          error={errors.account_number}
          onChange={(e) => {
            setAccountNumber(e.target.value);
            clearError('account_number');
          }}
        />
        <TextField
          ref={confirmRef}
          label="Account number again"
          name="account-number-confirm"
          type={numberType}
          inputMode="numeric"
          autoComplete="off"
          spellCheck={false}
          required
          value={confirmNumber}
          error={errors.account_number_confirm}
          onBlur={checkConfirmation}
          onChange={(e) => {
            setConfirmNumber(e.target.value);
            clearError('account_number_confirm');
          }}
        />
        <div className="bank-show">
          <Button variant="secondary" aria-pressed={showNumbers} onClick={() => setShowNumbers((s) => !s)}>
            {showNumbers ? 'Hide account numbers' : 'Show account numbers'}
          </Button>
        </div>
        <fieldset aria-describedby={errors.account_type ? typeErrorId : undefined}>
          <legend>Account type</legend>
          {(Object.keys(accountTypeLabels) as AccountType[]).map((type, i) => (
            <label key={type} className="bank-radio">
              <input
                ref={i === 0 ? typeRef : undefined}
                type="radio"
                name="account-type"
                value={type}
                checked={accountType === type}
                onChange={() => {
                  setAccountType(type);
                  clearError('account_type');
                }}
              />
              {accountTypeLabels[type]}
            </label>
          ))}
          {errors.account_type && (
            <p className="field__error" id={typeErrorId}>
              {errors.account_type}
            </p>
          )}
        </fieldset>
        <TextField
          ref={holderRef}
          label="Name on the account"
          name="holder-name"
          description="As the bank has it, usually your business’s legal name."
          autoComplete="organization"
          required
          maxLength={maxHolderNameLength}
          value={holder}
          error={errors.holder_name}
          onChange={(e) => {
            setHolder(e.target.value);
            clearError('holder_name');
          }}
        />
        <Button type="submit" aria-busy={busy}>
          {busy ? 'Checking with the bank…' : 'Add bank account'}
        </Button>
      </form>
    </>
  );
}
