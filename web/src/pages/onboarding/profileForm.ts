import type { Address, CleansingChange, Contact, ProfileInput, SupplierProfile } from '../../api/onboarding';

/** The wizard's steps, in order. */
export type StepId = 'business' | 'tax' | 'contacts' | 'documents' | 'review';

export const steps: readonly { id: StepId; label: string }[] = [
  { id: 'business', label: 'Business' },
  { id: 'tax', label: 'Tax' },
  { id: 'contacts', label: 'Contacts' },
  { id: 'documents', label: 'Documents' },
  { id: 'review', label: 'Review & submit' },
];

/** What the form holds: the profile as typed, with a TIN only when the person types a new one. */
export interface ProfileForm {
  legal_name: string;
  dba: string;
  entity_type: NonNullable<ProfileInput['entity_type']>;
  tin: string;
  tin_type: NonNullable<ProfileInput['tin_type']>;
  address: Address;
  phone: string;
  email: string;
  website: string;
  remittance_email: string;
  contacts: Contact[];
}

export const emptyContact: Contact = { name: '', email: '', phone: '', role: '' };

export function formFromProfile(p: SupplierProfile): ProfileForm {
  return {
    legal_name: p.legal_name,
    dba: p.dba,
    entity_type: p.entity_type as ProfileForm['entity_type'],
    tin: '',
    tin_type: p.tin_type as ProfileForm['tin_type'],
    address: { ...p.address, country: p.address.country || 'US' },
    phone: p.phone,
    email: p.email,
    website: p.website,
    remittance_email: p.remittance_email,
    contacts: p.contacts.map((c) => ({ ...c })),
  };
}

/**
 * The whole profile to PUT. A TIN is sent only when one was typed; otherwise "" keeps the
 * stored one. The server refuses a tin_type without a tin ("tin: is required with a
 * tin_type"), so an unchanged type is sent as "" too, which also keeps the stored type.
 */
export function profileInput(form: ProfileForm, stored: Pick<SupplierProfile, 'tin_type'>): ProfileInput {
  const tin = form.tin.trim();
  const tinType = tin || form.tin_type !== stored.tin_type ? form.tin_type : '';
  return {
    legal_name: form.legal_name,
    dba: form.dba,
    entity_type: form.entity_type,
    tin,
    tin_type: tinType,
    address: form.address,
    phone: form.phone,
    email: form.email,
    website: form.website,
    remittance_email: form.remittance_email,
    contacts: form.contacts,
  };
}

const fieldLabels: Readonly<Record<string, string>> = {
  legal_name: 'Legal name',
  dba: 'Doing business as (DBA)',
  entity_type: 'Entity type',
  tin: 'Taxpayer identification number (TIN)',
  tin_type: 'TIN type',
  'address.line1': 'Address line 1',
  'address.line2': 'Address line 2',
  'address.city': 'City',
  'address.region': 'State or region',
  'address.postal_code': 'ZIP or postal code',
  'address.country': 'Country',
  phone: 'Business phone',
  email: 'Business e-mail',
  website: 'Website',
  remittance_email: 'Remittance e-mail',
  contacts: 'Contacts',
  documents: 'Documents',
  w9: 'W-9',
};

const contactFieldLabels: Readonly<Record<string, string>> = { name: 'Name', email: 'E-mail', phone: 'Phone', role: 'Role' };

/** A field as a person reads it: "address.region" → "State or region", "contacts[0].email" → "Contact 1: E-mail". */
export function fieldLabel(field: string): string {
  const contact = /^contacts\[(\d+)\]\.(\w+)$/.exec(field);
  if (contact) return `Contact ${Number(contact[1]) + 1}: ${contactFieldLabels[contact[2] ?? ''] ?? contact[2]}`;
  return fieldLabels[field] ?? field.replaceAll('_', ' ');
}

/** The short label of a field next to its input (a contact's "E-mail", not "Contact 1: E-mail"). */
export function inputLabel(field: string): string {
  const contact = /^contacts\[\d+\]\.(\w+)$/.exec(field);
  return contact ? (contactFieldLabels[contact[1] ?? ''] ?? field) : fieldLabel(field);
}

/** The id of a field's input, from its server name. */
export function fieldId(field: string): string {
  return `pf-${field.replace(/[^a-z0-9]+/gi, '-').replace(/-$/, '')}`;
}

/** Which step holds a field the server names. */
export function stepOfField(field: string): StepId {
  if (field === 'tin' || field === 'tin_type') return 'tax';
  if (field.startsWith('contacts') || field === 'remittance_email') return 'contacts';
  if (field === 'documents' || field === 'w9') return 'documents';
  return 'business';
}

/** What cleansing changed, grouped as the wizard says it: "address" when any address field changed. */
export function describeChanges(changes: readonly CleansingChange[]): { title: string; lines: string[] } {
  const address = changes.filter((c) => c.field.startsWith('address.'));
  const parts = [address.length ? 'address' : '', changes.length > address.length ? 'details' : ''].filter(Boolean);
  const title = `We standardised your ${parts.join(' and ')}`;
  const lines = changes.map((c) => `${fieldLabel(c.field)}: ${c.from || '(empty)'} → ${c.to || '(empty)'}`);
  return { title, lines };
}

/** The steps whose part of the profile is filled in. */
export function completedSteps(p: SupplierProfile, hasW9: boolean, submitted: boolean): Set<StepId> {
  const done = new Set<StepId>();
  const a = p.address;
  if (p.legal_name && a.line1 && a.city && a.postal_code && a.country) done.add('business');
  if (p.tin_last4) done.add('tax');
  if (p.contacts.length > 0) done.add('contacts');
  if (hasW9) done.add('documents');
  if (submitted) done.add('review');
  return done;
}

/** Where a returning supplier picks up: the first step not done yet. */
export function resumeStep(done: Set<StepId>): StepId {
  return steps.find((s) => !done.has(s.id))?.id ?? 'review';
}
