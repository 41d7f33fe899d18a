import type { AccountType, BankAccount, BankAccountStatus, BankVerification } from '../../api/banking';

/** Each account status in words, for its badge. */
export const statusLabels: Readonly<Record<BankAccountStatus, string>> = {
  verified: 'Verified',
  pending_micro_deposits: 'Waiting for deposit amounts',
  review: 'In review',
  failed: 'Cannot be used',
  replaced: 'Replaced',
};

/** A status this build does not know yet is shown as sent, in words. */
export function statusLabel(status: string): string {
  return (statusLabels as Readonly<Record<string, string | undefined>>)[status] ?? status.replaceAll('_', ' ');
}

/** The badge's colour: good, bad, or waiting. */
export function statusTone(status: string): 'good' | 'bad' | 'waiting' | 'neutral' {
  switch (status) {
    case 'verified':
      return 'good';
    case 'failed':
      return 'bad';
    case 'review':
    case 'pending_micro_deposits':
      return 'waiting';
    default:
      return 'neutral';
  }
}

const accountStatusWords: Readonly<Record<string, string | undefined>> = {
  open: 'Open',
  closed: 'Closed',
  closed_for_cause: 'Closed by the bank for cause',
  frozen: 'Frozen',
  not_found: 'No such account at the bank',
  unknown: 'Unknown',
};

export function accountStatusLabel(status: string): string {
  return accountStatusWords[status] ?? status.replaceAll('_', ' ');
}

const ownerMatchWords: Readonly<Record<string, string | undefined>> = {
  match: 'Matches',
  partial: 'Partly matches',
  no_match: 'Does not match',
  unknown: 'Not checked',
};

export function ownerMatchLabel(match: string): string {
  return ownerMatchWords[match] ?? match.replaceAll('_', ' ');
}

const methodWords: Readonly<Record<string, string | undefined>> = {
  instant: 'Instant check with the bank',
  micro_deposits: 'Two small deposits',
  manual: 'Decision by a customer’s administrator',
};

export function methodLabel(method: string): string {
  return methodWords[method] ?? method.replaceAll('_', ' ');
}

export const accountTypeLabels: Readonly<Record<AccountType, string>> = {
  checking: 'Checking',
  savings: 'Savings',
};

/** "Checking account ending 6789": how an account is named everywhere, never with its full number. */
export function accountName(account: Pick<BankAccount, 'account_type' | 'last4'>): string {
  const type = (accountTypeLabels as Readonly<Record<string, string | undefined>>)[account.account_type] ?? 'Bank';
  return `${type} account ending ${account.last4}`;
}

/**
 * The server writes reasons to be shown; some (the owner comparison's) start in lower
 * case as parts of a sentence, so each becomes a sentence of its own.
 */
export function reasonSentence(reason: string): string {
  const text = reason.trim();
  if (!text) return text;
  const capital = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/** The latest verification's reasons, as sentences. */
export function latestReasons(verification: BankVerification | null | undefined): string[] {
  return (verification?.reasons ?? []).map(reasonSentence).filter(Boolean);
}

const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

export function formatDateTime(at: string): string {
  return dateTimeFormat.format(new Date(at));
}

export function formatDate(at: string): string {
  return dateFormat.format(new Date(at));
}
