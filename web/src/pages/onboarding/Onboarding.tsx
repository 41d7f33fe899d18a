import { useCallback, useEffect, useId, useRef, useState, type ReactNode, type SubmitEvent } from 'react';
import { Link, useLocation } from 'react-router';
import { useApi } from '../../api/context';
import { errorMessage, fieldMessage } from '../../api/messages';
import {
  checkLabels,
  checkResultLabels,
  documentKindLabels,
  formatBytes,
  getKyc,
  getProfile,
  kycStatusLabels,
  listDocuments,
  putProfile,
  submitKyc,
  supplierDocumentHref,
  uploadDocument,
  type DocumentKind,
  type SupplierDocument,
  type SupplierKyc,
  type SupplierProfile,
} from '../../api/onboarding';
import { ApiError } from '../../api/problem';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { LoadFailed } from '../../components/LoadFailed';
import { TextField } from '../../components/TextField';
import { Page } from '../../layout/Page';
import { useSignedIn } from '../../session/gate';
import { isSupplierUser, rolesInWords } from '../../session/roles';
import { useSessionEnded } from '../../session/useSessionEnded';
import { maskedTin } from '../suppliers/ReviewDetail';
import {
  completedSteps,
  describeChanges,
  emptyContact,
  fieldId,
  fieldLabel,
  formFromProfile,
  inputLabel,
  profileInput,
  resumeStep,
  stepOfField,
  steps,
  type ProfileForm,
  type StepId,
} from './profileForm';
import '../forms.css';
import '../suppliers/Suppliers.css';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

type Errors = Record<string, string>;

const entityTypeOptions: readonly { value: ProfileForm['entity_type']; label: string }[] = [
  { value: '', label: 'Choose…' },
  { value: 'corporation', label: 'Corporation' },
  { value: 'llc', label: 'LLC' },
  { value: 'partnership', label: 'Partnership' },
  { value: 'sole_proprietor', label: 'Sole proprietor' },
  { value: 'nonprofit', label: 'Nonprofit' },
  { value: 'government', label: 'Government' },
  { value: 'other', label: 'Other' },
];

const tinTypeOptions: readonly { value: ProfileForm['tin_type']; label: string }[] = [
  { value: '', label: 'Choose…' },
  { value: 'ein', label: 'EIN (Employer Identification Number)' },
  { value: 'ssn', label: 'SSN (sole proprietors only)' },
  { value: 'itin', label: 'ITIN (sole proprietors only)' },
];

const documentKinds: readonly DocumentKind[] = ['w9', 'certificate_of_incorporation', 'bank_letter', 'other'];

/** A select wired like TextField: label, description and error read with it. */
function SelectField({
  id,
  label,
  value,
  options,
  error,
  description,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  options: readonly { value: string; label: string }[];
  error?: string | undefined;
  description?: string;
  onChange: (value: string) => void;
}) {
  const describedBy = [description ? `${id}-description` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {description && (
        <p className="field__description" id={`${id}-description`}>
          {description}
        </p>
      )}
      <select
        id={id}
        className="field__input"
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        onChange={(e) => onChange(e.target.value)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {error && (
        <p className="field__error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

interface FieldProps {
  field: string;
  value: string;
  errors: Errors;
  onChange: (value: string) => void;
  optional?: boolean;
  description?: string;
  type?: string;
  autoComplete?: string;
  inputMode?: 'text' | 'numeric' | 'tel' | 'email' | 'url';
}

function Field({ field, value, errors, onChange, optional, description, type = 'text', autoComplete = 'off', inputMode }: FieldProps) {
  return (
    <TextField
      id={fieldId(field)}
      label={`${inputLabel(field)}${optional ? ' (optional)' : ''}`}
      value={value}
      error={errors[field]}
      type={type}
      autoComplete={autoComplete}
      {...(inputMode ? { inputMode } : {})}
      {...(description ? { description } : {})}
      required={!optional}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

function StepNav({ current, done, onGo }: { current: StepId; done: Set<StepId>; onGo: (step: StepId) => void }) {
  const index = steps.findIndex((s) => s.id === current);
  return (
    <nav aria-label="Onboarding steps">
      <p className="suppliers__muted">
        Step {index + 1} of {steps.length}: {steps[index]?.label}
      </p>
      <ol className="wizard__steps">
        {steps.map((s, i) => (
          <li key={s.id} className="wizard__step">
            <button
              type="button"
              className="wizard__step-button"
              aria-current={s.id === current ? 'step' : undefined}
              data-done={done.has(s.id)}
              onClick={() => onGo(s.id)}
            >
              <span className="wizard__step-number" aria-hidden="true">
                {done.has(s.id) ? '✓' : i + 1}
              </span>
              {s.label}
              {done.has(s.id) && (
                <>
                  {' '}
                  <span className="visually-hidden">(done)</span>
                </>
              )}
            </button>
          </li>
        ))}
      </ol>
      <p className="wizard__note">
        <strong>Bank account: coming next.</strong> Adding your bank account for payments comes in a later step of Vouch;
        you don&rsquo;t need it to submit.
      </p>
    </nav>
  );
}

function Changes({ changes }: { changes: SupplierProfile['changes'] }) {
  if (!changes.length) return null;
  const { title, lines } = describeChanges(changes);
  return (
    <>
      <p className="alert__title">{title}:</p>
      <ul>
        {lines.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      <p>Check these are right; if not, correct them and save again.</p>
    </>
  );
}

function KycStatusView({ kyc }: { kyc: SupplierKyc }) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="suppliers__section">
      <h2 id={headingId}>Your review status</h2>
      <p>
        Overall: <span className={`suppliers__badge suppliers__badge--${kyc.status}`}>{kycStatusLabels[kyc.status]}</span>
      </p>
      {kyc.customers.length ? (
        <ul className="suppliers__list" aria-label="Customers reviewing you">
          {kyc.customers.map((c) => (
            <li key={c.customer_id} className="suppliers__item">
              <p className="suppliers__item-title">
                {c.customer_name}:{' '}
                <span className={`suppliers__badge suppliers__badge--${c.status}`}>{kycStatusLabels[c.status]}</span>
              </p>
              {c.reason && <p>Their note: {c.reason}</p>}
              {c.decided_at && (
                <p className="suppliers__muted">
                  Decided <time dateTime={c.decided_at}>{dateFormat.format(new Date(c.decided_at))}</time>
                </p>
              )}
              {c.status === 'needs_info' && <p>Update your details in the steps above and submit again.</p>}
            </li>
          ))}
        </ul>
      ) : (
        <p className="suppliers__muted">No customer is reviewing you yet.</p>
      )}
      {kyc.checks.length > 0 && (
        <>
          <h3>Checks</h3>
          <ul className="suppliers__list" aria-label="Checks">
            {kyc.checks.map((check) => (
              <li key={check.name} className="suppliers__item">
                <p className="suppliers__item-title">
                  {checkLabels[check.name]}:{' '}
                  <span className={`suppliers__badge suppliers__badge--${check.result}`}>{checkResultLabels[check.result]}</span>
                </p>
                <p>{check.detail}</p>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

interface Loaded {
  profile: SupplierProfile;
  kyc: SupplierKyc;
  documents: SupplierDocument[];
}

type LoadState = { kind: 'loading' } | { kind: 'failed'; message: string; noProfile: boolean } | { kind: 'ready'; data: Loaded };

function Wizard({ enrolled }: { enrolled: boolean }) {
  const api = useApi();
  const sessionEnded = useSessionEnded({ unauthenticatedOnly: true });
  const [chosen, setChosen] = useState<StepId>();
  const [state, setState] = useState<LoadState>({ kind: 'loading' });
  const [form, setForm] = useState<ProfileForm>();
  const [errors, setErrors] = useState<Errors>({});
  const [saved, setSaved] = useState<{ changes: SupplierProfile['changes']; step: string }>();
  const [failure, setFailure] = useState<{ title: string; message: string; missing?: { field: string; message: string }[] }>();
  const [busy, setBusy] = useState(false);
  const stepHeading = useRef<HTMLHeadingElement>(null);
  const moved = useRef(false);
  const pendingFocus = useRef<string>(undefined);

  const load = useCallback(
    () =>
      Promise.all([getProfile(api), getKyc(api), listDocuments(api)]).then(
        ([profile, kyc, documents]) => {
          setState({ kind: 'ready', data: { profile, kyc, documents } });
          setForm(formFromProfile(profile));
          // Resume where the supplier left off; from then on the steps move only when asked.
          const hasW9 = documents.some((d) => d.kind === 'w9');
          setChosen((current) => current ?? resumeStep(completedSteps(profile, hasW9, kyc.status !== 'draft')));
        },
        (err: unknown) => {
          if (sessionEnded(err)) return;
          setState({ kind: 'failed', message: errorMessage(err), noProfile: err instanceof ApiError && err.code === 'profile_not_found' });
          if (!(err instanceof ApiError)) throw err;
        },
      ),
    [api, sessionEnded],
  );

  useEffect(() => {
    void load();
  }, [load]);

  const data = state.kind === 'ready' ? state.data : undefined;
  const hasW9 = data?.documents.some((d) => d.kind === 'w9') ?? false;
  const submitted = data ? data.kyc.status !== 'draft' : false;
  const done = data ? completedSteps(data.profile, hasW9, submitted) : new Set<StepId>();
  const step: StepId = chosen ?? 'business';

  // A move between steps puts focus on the new step's heading (not on the first load).
  useEffect(() => {
    if (moved.current) stepHeading.current?.focus();
  }, [step]);

  // A field that should take focus once it is on the page; runs after the heading's focus above.
  useEffect(() => {
    const field = pendingFocus.current;
    if (!field) return;
    const input = document.getElementById(fieldId(field));
    if (input) {
      pendingFocus.current = undefined;
      input.focus();
    }
  });

  function go(next: StepId, keepSaved = false) {
    moved.current = true;
    if (!keepSaved) setSaved(undefined);
    setFailure(undefined);
    setErrors({});
    setChosen(next);
  }

  function nextStep(): StepId {
    const i = steps.findIndex((s) => s.id === step);
    return steps[Math.min(i + 1, steps.length - 1)]?.id ?? 'review';
  }

  function focusField(field: string) {
    // After the render that shows the step holding it (the effect below).
    pendingFocus.current = field;
  }

  function showFieldErrors(err: ApiError): boolean {
    const list = err.problem.errors ?? [];
    if (!list.length) return false;
    const found: Errors = {};
    for (const { field, message } of list) found[field] = fieldMessage(field, fieldLabel(field), message);
    setErrors(found);
    const first = list[0]?.field ?? '';
    const target = stepOfField(first);
    if (target !== step) setChosen(target);
    setFailure({
      title: 'Some details need attention',
      message: list.length === 1 ? 'See the message next to the field.' : `See the messages next to the ${list.length} fields.`,
    });
    focusField(first);
    return true;
  }

  async function save(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy || !form || !data) return;
    setFailure(undefined);
    setSaved(undefined);
    const local: Errors = {};
    if (!form.legal_name.trim()) local.legal_name = 'Enter your business’s legal name.';
    if (step === 'tax' && !form.tin.trim() && !data.profile.tin_last4) local.tin = 'Enter your TIN: 9 digits, with or without dashes.';
    if (step === 'tax' && !form.tin_type) local.tin_type = 'Choose the kind of TIN.';
    if (Object.keys(local).length) {
      setErrors(local);
      const first = Object.keys(local)[0] ?? '';
      if (stepOfField(first) !== step) go(stepOfField(first));
      focusField(first);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const profile = await putProfile(api, profileInput(form, data.profile));
      setState({ kind: 'ready', data: { ...data, profile } });
      setForm(formFromProfile(profile));
      setSaved({ changes: profile.changes, step: steps.find((s) => s.id === step)?.label ?? '' });
      go(nextStep(), true);
    } catch (err) {
      if (sessionEnded(err)) return;
      if (!(err instanceof ApiError && showFieldErrors(err))) {
        setFailure({ title: 'Your details were not saved', message: errorMessage(err) });
      }
      if (!(err instanceof ApiError)) throw err;
    } finally {
      setBusy(false);
    }
  }

  async function submit() {
    if (busy || !data) return;
    setFailure(undefined);
    setSaved(undefined);
    setBusy(true);
    try {
      const kyc = await submitKyc(api);
      setState({ kind: 'ready', data: { ...data, kyc } });
      moved.current = true;
      stepHeading.current?.focus();
    } catch (err) {
      if (sessionEnded(err)) return;
      const missing = err instanceof ApiError && err.code === 'invalid_input' ? (err.problem.errors ?? []) : [];
      setFailure({
        title: 'Your profile was not submitted',
        message: missing.length ? 'Vouch still needs these details:' : errorMessage(err),
        missing,
      });
      if (!(err instanceof ApiError)) throw err;
    } finally {
      setBusy(false);
    }
  }

  const update = (change: (f: ProfileForm) => ProfileForm) => setForm((f) => (f ? change(f) : f));
  const set = (key: 'legal_name' | 'dba' | 'phone' | 'email' | 'website' | 'remittance_email' | 'tin') => (value: string) =>
    update((f) => ({ ...f, [key]: value }));
  const setAddress = (key: keyof ProfileForm['address']) => (value: string) =>
    update((f) => ({ ...f, address: { ...f.address, [key]: value } }));
  const setContact = (i: number, key: keyof ProfileForm['contacts'][number]) => (value: string) =>
    update((f) => ({ ...f, contacts: f.contacts.map((c, j) => (j === i ? { ...c, [key]: value } : c)) }));

  if (state.kind === 'loading') return <p className="gate__loading">Loading your onboarding…</p>;
  if (state.kind === 'failed') {
    if (state.noProfile) {
      return (
        <Alert tone="info" title="No supplier profile yet">
          <p>{state.message}</p>
        </Alert>
      );
    }
    return (
      <LoadFailed
        title="Your onboarding could not be loaded"
        message={state.message}
        onRetry={() => {
          setState({ kind: 'loading' });
          void load();
        }}
      />
    );
  }
  if (!form || !data) return null;
  const current = steps.find((s) => s.id === step);
  const locked = data.kyc.status === 'submitted' || data.kyc.status === 'in_review';

  let body: ReactNode;
  switch (step) {
    case 'business':
      body = (
        <>
          <fieldset className="wizard__fields">
            <legend>Your business</legend>
            <Field field="legal_name" value={form.legal_name} errors={errors} onChange={set('legal_name')} autoComplete="organization" description="As registered with the IRS or your tax authority." />
            <Field field="dba" value={form.dba} errors={errors} onChange={set('dba')} optional description="A trading name, if you use one." />
            <SelectField
              id={fieldId('entity_type')}
              label="Entity type"
              value={form.entity_type}
              options={entityTypeOptions}
              error={errors.entity_type}
              onChange={(v) => update((f) => ({ ...f, entity_type: v as ProfileForm['entity_type'] }))}
            />
          </fieldset>
          <fieldset className="wizard__fields">
            <legend>Business address</legend>
            <Field field="address.line1" value={form.address.line1} errors={errors} onChange={setAddress('line1')} autoComplete="address-line1" />
            <Field field="address.line2" value={form.address.line2} errors={errors} onChange={setAddress('line2')} autoComplete="address-line2" optional />
            <Field field="address.city" value={form.address.city} errors={errors} onChange={setAddress('city')} autoComplete="address-level2" />
            <Field field="address.region" value={form.address.region} errors={errors} onChange={setAddress('region')} autoComplete="address-level1" description="For a US address, the state: its name or two-letter code." />
            <Field field="address.postal_code" value={form.address.postal_code} errors={errors} onChange={setAddress('postal_code')} autoComplete="postal-code" />
            <Field field="address.country" value={form.address.country} errors={errors} onChange={setAddress('country')} autoComplete="country" description="The two-letter code, for example US." />
          </fieldset>
          <fieldset className="wizard__fields">
            <legend>How to reach the business</legend>
            <Field field="phone" value={form.phone} errors={errors} onChange={set('phone')} type="tel" autoComplete="tel" optional />
            <Field field="email" value={form.email} errors={errors} onChange={set('email')} type="email" autoComplete="email" optional />
            <Field field="website" value={form.website} errors={errors} onChange={set('website')} type="url" autoComplete="url" optional />
          </fieldset>
        </>
      );
      break;
    case 'tax':
      body = (
        <fieldset className="wizard__fields">
          <legend>Tax identification</legend>
          <SelectField
            id={fieldId('tin_type')}
            label="TIN type"
            value={form.tin_type}
            options={tinTypeOptions}
            error={errors.tin_type}
            onChange={(v) => update((f) => ({ ...f, tin_type: v as ProfileForm['tin_type'] }))}
          />
          <Field
            field="tin"
            value={form.tin}
            errors={errors}
            onChange={set('tin')}
            inputMode="numeric"
            optional={Boolean(data.profile.tin_last4)}
            description={
              data.profile.tin_last4
                ? `On file: ${maskedTin(data.profile)}. Leave empty to keep it, or type a new one to replace it.`
                : '9 digits, with or without dashes, for example 12-3456789. Vouch stores it encrypted and never shows it again.'
            }
          />
        </fieldset>
      );
      break;
    case 'contacts':
      body = (
        <>
          <fieldset className="wizard__fields">
            <legend>People customers can contact</legend>
            {errors.contacts && <p className="field__error">{errors.contacts}</p>}
            {form.contacts.length === 0 && <p className="suppliers__muted">No contacts yet. Add at least one person who can answer questions about your account.</p>}
            {form.contacts.map((c, i) => (
              <div key={i} className="wizard__contact" role="group" aria-label={`Contact ${i + 1}`}>
                <Field field={`contacts[${i}].name`} value={c.name} errors={errors} onChange={setContact(i, 'name')} autoComplete="off" />
                <Field field={`contacts[${i}].role`} value={c.role} errors={errors} onChange={setContact(i, 'role')} optional description="For example Accounts receivable." />
                <Field field={`contacts[${i}].email`} value={c.email} errors={errors} onChange={setContact(i, 'email')} type="email" description="An e-mail or a phone, or both." />
                <Field field={`contacts[${i}].phone`} value={c.phone} errors={errors} onChange={setContact(i, 'phone')} type="tel" optional />
                <Button variant="secondary" onClick={() => update((f) => ({ ...f, contacts: f.contacts.filter((_, j) => j !== i) }))}>
                  Remove contact {i + 1}
                </Button>
              </div>
            ))}
            <div>
              <Button
                variant="secondary"
                onClick={() => {
                  update((f) => ({ ...f, contacts: [...f.contacts, { ...emptyContact }] }));
                  focusField(`contacts[${form.contacts.length}].name`);
                }}
              >
                Add a contact
              </Button>
            </div>
          </fieldset>
          <fieldset className="wizard__fields">
            <legend>Remittance</legend>
            <Field field="remittance_email" value={form.remittance_email} errors={errors} onChange={set('remittance_email')} type="email" optional description="Where customers send payment advice." />
          </fieldset>
        </>
      );
      break;
    case 'documents':
      body = <DocumentsStep documents={data.documents} onUploaded={(doc) => setState({ kind: 'ready', data: { ...data, documents: [doc, ...data.documents] } })} />;
      break;
    case 'review':
      body = <ReviewStep data={data} onEdit={go} />;
      break;
  }

  const stepForm = step === 'business' || step === 'tax' || step === 'contacts';
  const index = steps.findIndex((s) => s.id === step);

  return (
    <>
      {enrolled && (
        <Alert tone="success" title="Welcome to Vouch: your account is ready">
          <p>
            Protect it with a passkey: you sign in with your fingerprint, face or device PIN, and nobody can phish it.{' '}
            <Link to="/account#passkeys">Add a passkey on your account page</Link>
          </p>
        </Alert>
      )}
      <StepNav current={step} done={done} onGo={go} />
      <div aria-live="polite">
        {saved && (
          <Alert tone="success" title={`${saved.step}: saved`} announce={false}>
            <Changes changes={saved.changes} />
          </Alert>
        )}
      </div>
      {failure && (
        <Alert tone="error" title={failure.title}>
          <p>{failure.message}</p>
          {failure.missing && failure.missing.length > 0 && (
            <ul>
              {failure.missing.map((m) => (
                <li key={`${m.field}-${m.message}`}>
                  {fieldMessage(m.field, fieldLabel(m.field), m.message)}{' '}
                  <Button variant="secondary" onClick={() => go(stepOfField(m.field))}>
                    Go to {steps.find((s) => s.id === stepOfField(m.field))?.label}
                  </Button>
                </li>
              ))}
            </ul>
          )}
        </Alert>
      )}
      {locked && step !== 'review' && (
        <Alert tone="info" title="Your profile is being reviewed">
          <p>You can look at your details, but not change them while customers review them.</p>
        </Alert>
      )}
      <h2 ref={stepHeading} tabIndex={-1}>
        {current?.label}
      </h2>
      {stepForm ? (
        <form noValidate onSubmit={(e) => void save(e)} aria-label={current?.label} className="wizard__form">
          {body}
          <div className="form__actions">
            {index > 0 && (
              <Button variant="secondary" onClick={() => go(steps[index - 1]?.id ?? 'business')}>
                Back
              </Button>
            )}
            <Button type="submit" aria-busy={busy}>
              {busy ? 'Saving…' : 'Save and continue'}
            </Button>
          </div>
        </form>
      ) : (
        <>
          {body}
          <div className="form__actions">
            <Button variant="secondary" onClick={() => go(steps[index - 1]?.id ?? 'business')}>
              Back
            </Button>
            {step === 'documents' && <Button onClick={() => go('review')}>Continue</Button>}
            {step === 'review' && (data.kyc.status === 'draft' || data.kyc.status === 'needs_info') && (
              <Button onClick={() => void submit()} aria-busy={busy}>
                {busy ? 'Submitting…' : 'Submit for review'}
              </Button>
            )}
          </div>
          {step === 'review' && data.kyc.status !== 'draft' && <KycStatusView kyc={data.kyc} />}
        </>
      )}
    </>
  );
}

function DocumentsStep({ documents, onUploaded }: { documents: SupplierDocument[]; onUploaded: (doc: SupplierDocument) => void }) {
  const api = useApi();
  const sessionEnded = useSessionEnded({ unauthenticatedOnly: true });
  const fileId = useId();
  const [kind, setKind] = useState<DocumentKind>('w9');
  const [file, setFile] = useState<File>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [uploaded, setUploaded] = useState<string>();
  const fileInput = useRef<HTMLInputElement>(null);
  const hasW9 = documents.some((d) => d.kind === 'w9');

  async function upload(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    setUploaded(undefined);
    if (!file) {
      setError('Choose a file first: a PDF, PNG or JPEG, up to 10 MB.');
      fileInput.current?.focus();
      return;
    }
    setError(undefined);
    setBusy(true);
    try {
      const doc = await uploadDocument(api, kind, file);
      onUploaded(doc);
      setUploaded(`${documentKindLabels[doc.kind]} uploaded: ${doc.file_name}`);
      setFile(undefined);
      if (fileInput.current) fileInput.current.value = '';
    } catch (err) {
      if (sessionEnded(err)) return;
      setError(errorMessage(err));
      fileInput.current?.focus();
      if (!(err instanceof ApiError)) throw err;
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <p>
        Upload a signed <strong>W-9</strong> (US suppliers). Other documents, such as a certificate of incorporation, help
        your customers review you faster. PDF, PNG or JPEG, up to 10 MB each; stored encrypted.
      </p>
      {!hasW9 && <p className="suppliers__muted">No W-9 on file yet.</p>}
      <form noValidate onSubmit={(e) => void upload(e)} className="suppliers__form" aria-label="Upload a document">
        <SelectField
          id={`${fileId}-kind`}
          label="Document type"
          value={kind}
          options={documentKinds.map((k) => ({ value: k, label: documentKindLabels[k] }))}
          onChange={(v) => setKind(v as DocumentKind)}
        />
        <div className="field">
          <label className="field__label" htmlFor={fileId}>
            File
          </label>
          <input
            ref={fileInput}
            id={fileId}
            type="file"
            accept="application/pdf,image/png,image/jpeg"
            className="field__input"
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${fileId}-error` : undefined}
            onChange={(e) => setFile(e.target.files?.[0])}
          />
          {error && (
            <p className="field__error" id={`${fileId}-error`}>
              {error}
            </p>
          )}
        </div>
        <Button type="submit" variant="secondary" aria-busy={busy}>
          {busy ? 'Uploading…' : 'Upload'}
        </Button>
      </form>
      <p aria-live="polite">{uploaded}</p>
      {documents.length > 0 && (
        <ul className="suppliers__list" aria-label="Your documents">
          {documents.map((d) => (
            <li key={d.id} className="suppliers__item">
              <a href={supplierDocumentHref(d.id)} download={d.file_name}>
                {documentKindLabels[d.kind]}: {d.file_name}
              </a>{' '}
              <span className="suppliers__muted">({formatBytes(d.size_bytes)})</span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function ReviewStep({ data, onEdit }: { data: Loaded; onEdit: (step: StepId) => void }) {
  const p = data.profile;
  const a = p.address;
  const sections: { step: StepId; rows: [string, string][] }[] = [
    {
      step: 'business',
      rows: [
        ['Legal name', p.legal_name],
        ['Doing business as', p.dba || '—'],
        ['Entity type', entityTypeOptions.find((o) => o.value === p.entity_type && o.value)?.label ?? '—'],
        ['Address', [a.line1, a.line2, a.city, a.region, a.postal_code, a.country].filter(Boolean).join(', ') || '—'],
        ['Phone', p.phone || '—'],
        ['E-mail', p.email || '—'],
        ['Website', p.website || '—'],
      ],
    },
    { step: 'tax', rows: [['TIN', maskedTin(p)]] },
    {
      step: 'contacts',
      rows: [
        ...p.contacts.map((c, i): [string, string] => [`Contact ${i + 1}`, [c.name, c.role, c.email, c.phone].filter(Boolean).join(', ')]),
        ['Remittance e-mail', p.remittance_email || '—'],
      ],
    },
    { step: 'documents', rows: [['Documents', data.documents.map((d) => `${documentKindLabels[d.kind]} (${d.file_name})`).join(', ') || 'None']] },
  ];
  return (
    <>
      {data.kyc.status === 'draft' && (
        <p>
          Check your details, then submit them. Vouch runs its checks and sends your profile to every customer who invited
          you. While they review it you can&rsquo;t change it.
        </p>
      )}
      {sections.map((s) => (
        <div key={s.step} className="suppliers__item suppliers__section">
          <h3>{steps.find((x) => x.id === s.step)?.label}</h3>
          <dl className="review__dl">
            {s.rows.map(([label, value]) => (
              <div key={label} className="review__row">
                <dt>{label}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
          <Button variant="secondary" onClick={() => onEdit(s.step)}>
            Edit {steps.find((x) => x.id === s.step)?.label}
          </Button>
        </div>
      ))}
    </>
  );
}

/** /onboarding: a supplier's guided, resumable onboarding (business, tax, contacts, documents, review & submit). */
export function Onboarding() {
  const gate = useSignedIn();
  const { me } = gate;
  const location = useLocation();
  // Read once: moving between steps replaces the history state.
  const [enrolled] = useState(() => (location.state as { enrolled?: boolean } | null)?.enrolled === true);
  return (
    <Page title="Onboarding">
      <div className="narrow">
        {me ? (
          isSupplierUser(me.roles) ? (
            <Wizard enrolled={enrolled} />
          ) : (
            <Alert tone="info" title="This page is for suppliers">
              <p>
                You are signed in as {rolesInWords(me.roles)}. Suppliers fill in their details here after accepting an
                invitation. <Link to="/invitations">Invite a supplier</Link>
              </p>
            </Alert>
          )
        ) : (
          gate.content
        )}
      </div>
    </Page>
  );
}
