import { call, type ApiClient } from './client';
import type { components } from './schema';

export type Invitation = components['schemas']['Invitation'];
export type InvitationCreated = components['schemas']['InvitationCreated'];
export type InvitationStatus = Invitation['status'];
export type InvitationImport = components['schemas']['InvitationImport'];
export type EnrollPreview = components['schemas']['EnrollPreview'];
export type EnrollRequest = components['schemas']['EnrollRequest'];
export type Enrolled = components['schemas']['Enrolled'];
export type Address = components['schemas']['Address'];
export type Contact = components['schemas']['Contact'];
export type ProfileInput = components['schemas']['ProfileInput'];
export type SupplierProfile = components['schemas']['SupplierProfile'];
export type CleansingChange = components['schemas']['CleansingChange'];
export type KycCheck = components['schemas']['KYCCheck'];
export type KycCase = components['schemas']['KYCCase'];
export type KycStatus = KycCase['status'];
export type SupplierKyc = components['schemas']['SupplierKYC'];
export type SupplierDocument = components['schemas']['SupplierDocument'];
export type DocumentKind = SupplierDocument['kind'];
export type Review = components['schemas']['Review'];
export type ReviewDetail = components['schemas']['ReviewDetail'];
export type ReviewSort = 'submitted' | '-submitted' | 'name' | 'updated';
export type Decision = 'approve' | 'reject' | 'request-info';

/** The review queue and its counts over the whole queue (by status). */
export interface ReviewQueue {
  reviews: Review[];
  counts: Partial<Record<KycStatus, number>>;
}

// ---- Customer admins: invitations ----

/** The org's invitations, newest first; all of them, or those with one status. */
export async function listInvitations(api: ApiClient, status?: InvitationStatus): Promise<Invitation[]> {
  const { invitations } = await call(api.GET('/api/v1/invitations', { params: { query: status ? { status } : {} } }));
  return invitations;
}

/** Invites a supplier by e-mail; the answer carries the shareable link. */
export function createInvitation(api: ApiClient, email: string, supplierName: string): Promise<InvitationCreated> {
  return call(api.POST('/api/v1/invitations', { body: { email, supplier_name: supplierName } }));
}

/** Sends a fresh link (the old one stops working). */
export function resendInvitation(api: ApiClient, id: string): Promise<InvitationCreated> {
  return call(api.POST('/api/v1/invitations/{id}/resend', { params: { path: { id } } }));
}

/** Withdraws an invitation that was not accepted. */
export async function revokeInvitation(api: ApiClient, id: string): Promise<void> {
  await call(api.POST('/api/v1/invitations/{id}/revoke', { params: { path: { id } }, parseAs: 'text' }));
}

/** Uploads a CSV of invitations (the multipart "file" field); the import then runs in the background. */
export function importInvitations(api: ApiClient, file: File): Promise<InvitationImport> {
  const form = new FormData();
  form.append('file', file, file.name);
  return call(
    api.POST('/api/v1/invitations/import', {
      // The typed body is the CSV text; a FormData is what the server also takes, as multipart.
      body: form as unknown as string,
      bodySerializer: (body: unknown) => body as FormData,
    }),
  );
}

/** An import's progress and row errors. */
export function getInvitationImport(api: ApiClient, id: string): Promise<InvitationImport> {
  return call(api.GET('/api/v1/invitations/imports/{id}', { params: { path: { id } } }));
}

// ---- Customer admins: reviews ----

export interface ReviewQuery {
  status?: KycStatus | undefined;
  q?: string | undefined;
  sort?: ReviewSort | undefined;
}

/** The review queue, filtered and sorted, with counts over the whole queue. */
export async function listReviews(api: ApiClient, query: ReviewQuery, signal?: AbortSignal): Promise<ReviewQueue> {
  const params: { status?: KycStatus; q?: string; sort?: ReviewSort } = {};
  if (query.status) params.status = query.status;
  if (query.q) params.q = query.q;
  if (query.sort) params.sort = query.sort;
  const result = await call(api.GET('/api/v1/reviews', { params: { query: params }, ...(signal ? { signal } : {}) }));
  return { reviews: result.reviews, counts: result.counts };
}

/** One supplier in the queue: profile, case, checks with evidence, documents. */
export function getReview(api: ApiClient, supplierId: string): Promise<ReviewDetail> {
  return call(api.GET('/api/v1/reviews/{supplier_id}', { params: { path: { supplier_id: supplierId } } }));
}

/** Approves, rejects or asks for more information, with a reason. */
export function decideReview(
  api: ApiClient,
  supplierId: string,
  decision: Decision,
  reason: string,
): Promise<{ case: KycCase; awaiting_second_approval: boolean }> {
  return call(
    api.POST('/api/v1/reviews/{supplier_id}/{decision}', {
      params: { path: { supplier_id: supplierId, decision } },
      body: { reason },
    }),
  );
}

/** Clears one sanctions hit as a false positive, with a note. */
export async function clearSanctionsHit(
  api: ApiClient,
  supplierId: string,
  hit: { entity_id: string; query: string; note: string },
): Promise<void> {
  await call(
    api.POST('/api/v1/reviews/{supplier_id}/sanctions/clear', {
      params: { path: { supplier_id: supplierId } },
      body: hit,
      parseAs: 'text',
    }),
  );
}

/** Where a reviewer downloads a supplier's document (a plain link: the session cookie goes along). */
export function reviewDocumentHref(supplierId: string, documentId: string): string {
  return `/api/v1/reviews/${encodeURIComponent(supplierId)}/documents/${encodeURIComponent(documentId)}`;
}

// ---- Public enrollment ----

/** Who invites whom, without using the token. */
export function previewEnrollment(api: ApiClient, token: string): Promise<EnrollPreview> {
  return call(api.POST('/api/v1/enroll/preview', { body: { invitation_token: token } }));
}

/** Creates the supplier and its first user, and signs them in. */
export function enroll(api: ApiClient, body: EnrollRequest): Promise<Enrolled> {
  return call(api.POST('/api/v1/enroll', { body }));
}

// ---- Supplier users ----

export function getProfile(api: ApiClient): Promise<SupplierProfile> {
  return call(api.GET('/api/v1/supplier/profile'));
}

/** Saves the whole profile; the answer is cleansed and lists what cleansing changed. */
export function putProfile(api: ApiClient, body: ProfileInput): Promise<SupplierProfile> {
  return call(api.PUT('/api/v1/supplier/profile', { body }));
}

export function getKyc(api: ApiClient): Promise<SupplierKyc> {
  return call(api.GET('/api/v1/supplier/kyc'));
}

export function submitKyc(api: ApiClient): Promise<SupplierKyc> {
  return call(api.POST('/api/v1/supplier/kyc/submit'));
}

export async function listDocuments(api: ApiClient): Promise<SupplierDocument[]> {
  const { documents } = await call(api.GET('/api/v1/supplier/documents'));
  return documents;
}

export function uploadDocument(api: ApiClient, kind: DocumentKind, file: File): Promise<SupplierDocument> {
  const form = new FormData();
  form.append('kind', kind);
  form.append('file', file, file.name);
  return call(
    api.POST('/api/v1/supplier/documents', {
      body: form as unknown as { kind: DocumentKind; file: string },
      bodySerializer: (body: unknown) => body as FormData,
    }),
  );
}

/** Where a supplier downloads their own document. */
export function supplierDocumentHref(documentId: string): string {
  return `/api/v1/supplier/documents/${encodeURIComponent(documentId)}`;
}

// ---- Words ----

export const kycStatusLabels: Readonly<Record<KycStatus, string>> = {
  draft: 'Draft',
  submitted: 'Submitted',
  in_review: 'In review',
  needs_info: 'Needs information',
  approved: 'Approved',
  rejected: 'Rejected',
};

export const checkLabels: Readonly<Record<KycCheck['name'], string>> = {
  tin_format: 'TIN format',
  tin_name_match: 'TIN and name match (IRS)',
  sanctions: 'Sanctions screening',
  address: 'Address',
  duplicate_supplier: 'Duplicate supplier',
  documents: 'Documents',
};

export const checkResultLabels: Readonly<Record<KycCheck['result'], string>> = {
  pass: 'Passed',
  fail: 'Failed',
  review: 'Needs review',
};

export const documentKindLabels: Readonly<Record<DocumentKind, string>> = {
  w9: 'W-9',
  certificate_of_incorporation: 'Certificate of incorporation',
  bank_letter: 'Bank letter',
  other: 'Other',
};

export const invitationStatusLabels: Readonly<Record<InvitationStatus, string>> = {
  pending: 'Pending',
  accepted: 'Accepted',
  revoked: 'Revoked',
  expired: 'Expired',
};

/** "2.1 MB", "830 KB", "12 bytes". */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} ${n === 1 ? 'byte' : 'bytes'}`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

/** The org's review rules: whether approvals of suppliers with checks to review need a second admin. */
export async function getKycSettings(api: ApiClient): Promise<boolean> {
  const { four_eyes } = await call(api.GET('/api/v1/org/kyc-settings'));
  return four_eyes;
}

export async function putKycSettings(api: ApiClient, fourEyes: boolean): Promise<boolean> {
  const { four_eyes } = await call(api.PUT('/api/v1/org/kyc-settings', { body: { four_eyes: fourEyes } }));
  return four_eyes;
}
