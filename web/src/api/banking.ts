import { call, type ApiClient } from './client';
import type { components } from './schema';

/** The verdict on a routing number, and its bank when the FedACH directory knows it. */
export type RoutingNumber = components['schemas']['RoutingNumber'];
/** One verification of a bank account: what the bank said, and the reasons in plain words. */
export type BankVerification = components['schemas']['BankVerification'];
/** A supplier's bank account as the API shows it: the last four digits only, never the number. */
export type BankAccount = components['schemas']['BankAccount'];
/** A supplier's bank account as its customer sees it, with its history and cooling period. */
export type CustomerBankAccount = components['schemas']['CustomerBankAccount'];
export type BankAccountInput = components['schemas']['BankAccountInput'];
export type BankAccountStatus = BankAccount['status'];
export type AccountType = BankAccountInput['account_type'];
export type ReviewDecision = 'approve' | 'reject';

/** Checks a routing number (format, prefix, checksum) and names its bank. Always 200, even for a bad number. */
export async function lookupRoutingNumber(api: ApiClient, rtn: string): Promise<RoutingNumber> {
  return call(api.GET('/api/v1/routing-numbers/{rtn}', { params: { path: { rtn } } }));
}

/** The signed-in supplier's bank accounts, newest first. */
export async function listBankAccounts(api: ApiClient): Promise<BankAccount[]> {
  const { bank_accounts } = await call(api.GET('/api/v1/supplier/bank-accounts'));
  return bank_accounts;
}

/**
 * Adds a bank account and verifies it at once. Every account after the first needs a
 * fresh step-up (403 step_up_required): call it inside withStepUp. With an idempotency
 * key, sending the same details again (after a lost answer) returns the account the
 * first request added instead of adding it twice.
 */
export async function addBankAccount(api: ApiClient, input: BankAccountInput, idempotencyKey?: string): Promise<BankAccount> {
  const headers: Record<string, string> = idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {};
  return call(api.POST('/api/v1/supplier/bank-accounts', { body: input, headers }));
}

/** Every verification of one of the supplier's accounts, oldest first. */
export async function bankAccountHistory(api: ApiClient, id: string): Promise<BankVerification[]> {
  const { verifications } = await call(
    api.GET('/api/v1/supplier/bank-accounts/{id}/history', { params: { path: { id } } }),
  );
  return verifications;
}

/** Confirms the two micro-deposit amounts, in cents, in any order. */
export async function verifyMicroDeposits(api: ApiClient, id: string, amountsCents: [number, number]): Promise<BankAccount> {
  return call(
    api.POST('/api/v1/supplier/bank-accounts/{id}/micro-deposits/verify', {
      params: { path: { id } },
      body: { amounts_cents: amountsCents },
    }),
  );
}

/** A supplier's accounts as its customer's admin sees them (never the number). */
export async function reviewBankAccounts(api: ApiClient, supplierId: string): Promise<CustomerBankAccount[]> {
  const { bank_accounts } = await call(
    api.GET('/api/v1/reviews/{supplier_id}/bank-accounts', { params: { path: { supplier_id: supplierId } } }),
  );
  return bank_accounts;
}

/** Approves or rejects an account waiting for a manual review, with a reason. */
export async function decideBankAccount(
  api: ApiClient,
  supplierId: string,
  id: string,
  decision: ReviewDecision,
  reason: string,
): Promise<BankAccount> {
  return call(
    api.POST('/api/v1/reviews/{supplier_id}/bank-accounts/{id}/{decision}', {
      params: { path: { supplier_id: supplierId, id, decision } },
      body: { reason },
    }),
  );
}
