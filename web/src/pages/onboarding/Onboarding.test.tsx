import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { SupplierDocument, SupplierKyc, SupplierProfile } from '../../api/onboarding';
import { meFixture, meHandler, problem, renderRoutes, type Handler } from '../../test/server';
import { Onboarding } from './Onboarding';
import { describeChanges, profileInput, formFromProfile } from './profileForm';

const supplier = {
  ...meFixture,
  email: 'sam@widgets.example',
  roles: ['supplier_user' as const],
  org: { id: 'org_sup', kind: 'supplier' as const, name: 'Widget Works' },
};

const blank: SupplierProfile = {
  supplier_id: 'org_sup',
  legal_name: 'Widget Works',
  dba: '',
  entity_type: '',
  tin_type: '',
  tin_last4: '',
  address: { line1: '', line2: '', city: '', region: '', postal_code: '', country: '' },
  phone: '',
  email: '',
  website: '',
  remittance_email: '',
  contacts: [],
  submitted_at: null,
  updated_at: '2026-03-01T10:00:00Z',
  changes: [],
};

const filled: SupplierProfile = {
  ...blank,
  entity_type: 'corporation',
  tin_type: 'ein',
  tin_last4: '6789',
  address: { line1: '1 MAIN ST', line2: '', city: 'SPRINGFIELD', region: 'IL', postal_code: '62701', country: 'US' },
  contacts: [{ name: 'Sam', email: 'sam@widgets.example', phone: '', role: '' }],
};

const draft: SupplierKyc = { status: 'draft', checks: [], customers: [] };

const w9: SupplierDocument = {
  id: 'doc_1',
  kind: 'w9',
  file_name: 'w9.pdf',
  content_type: 'application/pdf',
  size_bytes: 1200,
  sha256: 'x',
  created_at: '2026-03-01T10:00:00Z',
};

function renderPage(handlers: Record<string, Handler>, state?: unknown) {
  return renderRoutes(
    { '/onboarding': <Onboarding /> },
    {
      path: '/onboarding',
      state,
      handlers: {
        'GET /api/v1/me': meHandler(supplier),
        'GET /api/v1/supplier/kyc': () => Response.json(draft),
        'GET /api/v1/supplier/documents': () => Response.json({ documents: [] }),
        ...handlers,
      },
    },
  );
}

describe('Onboarding', () => {
  it('starts at Business, with the progress, the bank-account note and, after enrolling, the passkey nudge', async () => {
    renderPage({ 'GET /api/v1/supplier/profile': () => Response.json(blank) }, { enrolled: true });
    const steps = await screen.findByRole('navigation', { name: 'Onboarding steps' });
    expect(within(steps).getByRole('button', { name: 'Business' })).toHaveAttribute('aria-current', 'step');
    expect(steps).toHaveTextContent('Step 1 of 5: Business');
    expect(steps).toHaveTextContent('Bank account: coming next.');
    expect(screen.getByRole('link', { name: 'Add a passkey on your account page' })).toHaveAttribute('href', '/account#passkeys');
    expect(screen.getByLabelText(/^Legal name/)).toHaveValue('Widget Works');
    expect(screen.getByLabelText(/^Country/)).toHaveValue('US');
  });

  it('resumes at the first step not done yet', async () => {
    renderPage({ 'GET /api/v1/supplier/profile': () => Response.json(filled) });
    const steps = await screen.findByRole('navigation', { name: 'Onboarding steps' });
    expect(within(steps).getByRole('button', { name: 'Documents' })).toHaveAttribute('aria-current', 'step');
    expect(within(steps).getByRole('button', { name: 'Tax (done)' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: /passkey/ })).not.toBeInTheDocument();
  });

  it('saves the whole profile, says what cleansing changed, and moves on', async () => {
    const { bodyOf } = renderPage({
      'GET /api/v1/supplier/profile': () => Response.json(blank),
      'PUT /api/v1/supplier/profile': () =>
        Response.json({
          ...blank,
          address: { line1: '1 MAIN ST', line2: '', city: 'SPRINGFIELD', region: 'IL', postal_code: '62701', country: 'US' },
          changes: [
            { field: 'address.line1', from: '1 main street', to: '1 MAIN ST' },
            { field: 'address.region', from: 'illinois', to: 'IL' },
          ],
        }),
    });
    await userEvent.type(await screen.findByLabelText(/^Address line 1/), '1 main street');
    await userEvent.type(screen.getByLabelText(/^City/), 'Springfield');
    await userEvent.type(screen.getByLabelText(/^State or region/), 'illinois');
    await userEvent.type(screen.getByLabelText(/^ZIP or postal code/), '62701');
    await userEvent.click(screen.getByRole('button', { name: 'Save and continue' }));

    expect(await screen.findByText('We standardised your address:')).toBeInTheDocument();
    expect(screen.getByText('Address line 1: 1 main street → 1 MAIN ST')).toBeInTheDocument();
    expect(screen.getByText('State or region: illinois → IL')).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 2, name: 'Tax' })).toHaveFocus();
    expect(bodyOf('PUT /api/v1/supplier/profile')).toEqual({
      legal_name: 'Widget Works',
      dba: '',
      entity_type: '',
      tin: '',
      tin_type: '',
      address: { line1: '1 main street', line2: '', city: 'Springfield', region: 'illinois', postal_code: '62701', country: 'US' },
      phone: '',
      email: '',
      website: '',
      remittance_email: '',
      contacts: [],
    });
  });

  it('shows field errors at their fields, on the step that holds them', async () => {
    renderPage({
      'GET /api/v1/supplier/profile': () => Response.json(filled),
      'PUT /api/v1/supplier/profile': () =>
        problem(422, 'invalid_input', { errors: [{ field: 'address.region', message: 'is not a US state' }] }),
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Contacts (done)' }));
    await userEvent.click(screen.getByRole('button', { name: 'Save and continue' }));
    const region = await screen.findByLabelText(/^State or region/);
    await vi.waitFor(() => expect(region).toHaveFocus());
    expect(region).toHaveAttribute('aria-invalid', 'true');
    expect(region).toHaveAccessibleDescription(/State or region is not a US state./);
    expect(screen.getByRole('alert')).toHaveTextContent('Some details need attention');
  });

  it('sends a new TIN only when one is typed, and never shows the stored one', async () => {
    const { bodyOf } = renderPage({
      'GET /api/v1/supplier/profile': () => Response.json(filled),
      'PUT /api/v1/supplier/profile': () => Response.json({ ...filled, tin_last4: '4321' }),
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Tax (done)' }));
    const tin = screen.getByLabelText(/^Taxpayer identification number/);
    expect(tin).toHaveValue('');
    expect(tin).toHaveAccessibleDescription(/On file: EIN •••• 6789/);
    await userEvent.click(screen.getByRole('button', { name: 'Save and continue' }));
    await screen.findByRole('heading', { level: 2, name: 'Contacts' });
    expect(bodyOf('PUT /api/v1/supplier/profile')).toMatchObject({ tin: '', tin_type: '' });

    await userEvent.click(screen.getByRole('button', { name: 'Tax (done)' }));
    await userEvent.type(screen.getByLabelText(/^Taxpayer identification number/), '12-3454321');
    await userEvent.click(screen.getByRole('button', { name: 'Save and continue' }));
    await screen.findByRole('heading', { level: 2, name: 'Contacts' });
    expect(bodyOf('PUT /api/v1/supplier/profile')).toMatchObject({ tin: '12-3454321', tin_type: 'ein' });
  });

  it('uploads a W-9 on the Documents step and says why a file was refused', { timeout: 15_000 }, async () => {
    let refuse = true;
    const { calls } = renderPage({
      'GET /api/v1/supplier/profile': () => Response.json(filled),
      'POST /api/v1/supplier/documents': () => {
        if (refuse) {
          refuse = false;
          return problem(422, 'document_unsupported_type');
        }
        return Response.json(w9, { status: 201 });
      },
    });
    const file = await screen.findByLabelText('File');
    expect(screen.getByLabelText('Document type')).toHaveValue('w9');
    await userEvent.upload(file, new File(['%PDF-1.4'], 'w9.pdf', { type: 'application/pdf' }));
    await userEvent.click(screen.getByRole('button', { name: 'Upload' }));
    await vi.waitFor(() => expect(file).toHaveAccessibleDescription('Upload a PDF, PNG or JPEG file.'));

    await userEvent.upload(file, new File(['%PDF-1.4'], 'w9.pdf', { type: 'application/pdf' }));
    await userEvent.click(screen.getByRole('button', { name: 'Upload' }));
    expect(await screen.findByText('W-9 uploaded: w9.pdf')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'W-9: w9.pdf' })).toHaveAttribute('href', '/api/v1/supplier/documents/doc_1');
    expect(screen.getByRole('button', { name: 'Documents (done)' })).toBeInTheDocument();
    expect(calls().filter((c) => c === 'POST /api/v1/supplier/documents')).toHaveLength(2);
  });

  it('lists what is still missing when a submit is refused', async () => {
    renderPage({
      'GET /api/v1/supplier/profile': () => Response.json(filled),
      'GET /api/v1/supplier/documents': () => Response.json({ documents: [w9] }),
      'POST /api/v1/supplier/kyc/submit': () =>
        problem(422, 'invalid_input', { errors: [{ field: 'address.postal_code', message: 'is required' }] }),
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Submit for review' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Your profile was not submitted');
    expect(alert).toHaveTextContent('ZIP or postal code is required.');
    await userEvent.click(within(alert).getByRole('button', { name: 'Go to Business' }));
    expect(screen.getByRole('heading', { level: 2, name: 'Business' })).toHaveFocus();
  });

  it('submits, then shows each customer’s status and the checks', async () => {
    const submitted: SupplierKyc = {
      status: 'in_review',
      checks: [{ name: 'tin_name_match', result: 'pass', detail: 'The IRS confirms this TIN belongs to the legal name.', checked_at: '2026-03-02T10:00:00Z' }],
      customers: [
        { supplier_id: 'org_sup', customer_id: 'org_1', customer_name: 'Acme Corp', status: 'in_review', reason: '', decided_at: null, submitted_at: '2026-03-02T10:00:00Z', updated_at: '2026-03-02T10:00:00Z' },
        { supplier_id: 'org_sup', customer_id: 'org_2', customer_name: 'Globex', status: 'approved', reason: 'All good.', decided_at: '2026-03-03T10:00:00Z', submitted_at: '2026-03-02T10:00:00Z', updated_at: '2026-03-03T10:00:00Z' },
      ],
    };
    renderPage({
      'GET /api/v1/supplier/profile': () => Response.json(filled),
      'GET /api/v1/supplier/documents': () => Response.json({ documents: [w9] }),
      'POST /api/v1/supplier/kyc/submit': () => Response.json(submitted, { status: 202 }),
    });
    expect(await screen.findByText('EIN •••• 6789')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Submit for review' }));
    const status = await screen.findByRole('region', { name: 'Your review status' });
    const customers = within(status).getByRole('list', { name: 'Customers reviewing you' });
    expect(customers).toHaveTextContent('Acme Corp: In review');
    expect(customers).toHaveTextContent('Globex: Approved');
    expect(customers).toHaveTextContent('Their note: All good.');
    expect(within(status).getByRole('list', { name: 'Checks' })).toHaveTextContent('TIN and name match (IRS): Passed');
    expect(screen.queryByRole('button', { name: 'Submit for review' })).not.toBeInTheDocument();
  });

  it('tells someone who is not a supplier, without asking the server', async () => {
    const { calls } = renderRoutes(
      { '/onboarding': <Onboarding /> },
      { path: '/onboarding', handlers: { 'GET /api/v1/me': meHandler(meFixture) } },
    );
    expect(await screen.findByText('This page is for suppliers')).toBeInTheDocument();
    expect(calls()).not.toContain('GET /api/v1/supplier/profile');
  });
});

describe('profile form helpers', () => {
  it('keeps the stored TIN type unless the type or the TIN changes', () => {
    const form = formFromProfile(filled);
    expect(profileInput(form, filled)).toMatchObject({ tin: '', tin_type: '' });
    expect(profileInput({ ...form, tin_type: 'ssn' }, filled)).toMatchObject({ tin: '', tin_type: 'ssn' });
    expect(profileInput({ ...form, tin: ' 12-3456789 ' }, filled)).toMatchObject({ tin: '12-3456789', tin_type: 'ein' });
  });

  it('names what cleansing changed', () => {
    expect(describeChanges([{ field: 'phone', from: '555 0100', to: '+1 555-0100' }])).toEqual({
      title: 'We standardised your details',
      lines: ['Business phone: 555 0100 → +1 555-0100'],
    });
  });
});
