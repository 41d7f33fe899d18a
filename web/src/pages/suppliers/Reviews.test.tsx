import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Review, ReviewDetail } from '../../api/onboarding';
import { meFixture, meHandler, noContent, problem, renderRoutes, type Handler } from '../../test/server';
import { ReviewDetailPage } from './ReviewDetail';
import { Reviews } from './Reviews';

const review: Review = {
  supplier_id: 'org_sup',
  legal_name: 'Widget Works Inc',
  dba: 'Widgets',
  status: 'in_review',
  checks: [
    { name: 'tin_format', result: 'pass', detail: 'A well-formed EIN.', checked_at: '2026-03-02T10:00:00Z' },
    { name: 'sanctions', result: 'review', detail: '1 possible match.', checked_at: '2026-03-02T10:00:00Z' },
  ],
  submitted_at: '2026-03-02T10:00:00Z',
  updated_at: '2026-03-02T10:00:00Z',
  awaiting_second_approval: false,
};

const counts = { draft: 1, submitted: 0, in_review: 2, needs_info: 0, approved: 3, rejected: 0 };

function renderQueue(handlers: Record<string, Handler>, path = '/reviews') {
  return renderRoutes(
    { '/reviews': <Reviews />, '/reviews/:supplierId': <ReviewDetailPage /> },
    { path, handlers: { 'GET /api/v1/me': meHandler(meFixture), ...handlers } },
  );
}

describe('Review queue', () => {
  it('shows status tabs with counts, and the suppliers with what needs attention', async () => {
    renderQueue({ 'GET /api/v1/reviews': () => Response.json({ reviews: [review], counts }) });
    const tabs = await screen.findByRole('navigation', { name: 'Review status' });
    expect(await within(tabs).findByRole('link', { name: 'In review (2)' })).toHaveAttribute('href', '/reviews?status=in_review');
    expect(within(tabs).getByRole('link', { name: 'All (6)' })).toHaveAttribute('aria-current', 'page');
    const list = screen.getByRole('list', { name: 'Suppliers to review' });
    expect(within(list).getByRole('link', { name: 'Widget Works Inc' })).toHaveAttribute('href', '/reviews/org_sup');
    expect(list).toHaveTextContent('Doing business as Widgets');
    expect(list).toHaveTextContent('Sanctions screening: Needs review');
    expect(list).not.toHaveTextContent('TIN format');
  });

  it('filters by tab, searches and sorts through the query', async () => {
    const { calls } = renderQueue({ 'GET /api/v1/reviews': () => Response.json({ reviews: [review], counts }) });
    await userEvent.click(await screen.findByRole('link', { name: /^In review/ }));
    expect(await screen.findByRole('link', { name: /^In review/ })).toHaveAttribute('aria-current', 'page');
    await userEvent.type(screen.getByRole('searchbox', { name: 'Search by name' }), 'widget');
    await userEvent.click(screen.getByRole('button', { name: 'Search' }));
    await userEvent.selectOptions(screen.getByLabelText('Sort'), 'name');
    await vi.waitFor(() => expect(calls()).toContain('GET /api/v1/reviews?status=in_review&q=widget&sort=name'));
    expect(calls()).toContain('GET /api/v1/reviews?status=in_review&sort=submitted');
  });

  it('turns the four-eyes rule on', async () => {
    const { bodyOf } = renderQueue({
      'GET /api/v1/reviews': () => Response.json({ reviews: [], counts: {} }),
      'GET /api/v1/org/kyc-settings': () => Response.json({ four_eyes: false }),
      'PUT /api/v1/org/kyc-settings': () => Response.json({ four_eyes: true }),
    });
    const box = await screen.findByRole('checkbox', { name: /Ask a second administrator to approve/ });
    expect(box).not.toBeChecked();
    await userEvent.click(box);
    expect(await screen.findByText(/Saved: approvals now need a second administrator/)).toBeInTheDocument();
    expect(box).toBeChecked();
    expect(bodyOf('PUT /api/v1/org/kyc-settings')).toEqual({ four_eyes: true });
  });

  it('says where suppliers come from when the queue is empty', async () => {
    renderQueue({ 'GET /api/v1/reviews': () => Response.json({ reviews: [], counts: {} }) });
    expect(await screen.findByText('No suppliers to review yet.')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Invite a supplier' })).toHaveAttribute('href', '/invitations');
  });
});

const detail: ReviewDetail = {
  profile: {
    supplier_id: 'org_sup',
    legal_name: 'Widget Works Inc',
    dba: '',
    entity_type: 'corporation',
    tin_type: 'ein',
    tin_last4: '6789',
    address: { line1: '1 MAIN ST', line2: '', city: 'SPRINGFIELD', region: 'IL', postal_code: '62701', country: 'US' },
    phone: '',
    email: '',
    website: '',
    remittance_email: '',
    contacts: [{ name: 'Sam Supplier', email: 'sam@widgets.example', phone: '', role: 'AR' }],
    submitted_at: '2026-03-02T10:00:00Z',
    updated_at: '2026-03-02T10:00:00Z',
    changes: [],
  },
  case: {
    supplier_id: 'org_sup',
    customer_id: 'org_1',
    customer_name: 'Acme Corp',
    status: 'in_review',
    reason: '',
    decided_at: null,
    submitted_at: '2026-03-02T10:00:00Z',
    updated_at: '2026-03-02T10:00:00Z',
  },
  checks: [
    {
      name: 'sanctions',
      result: 'review',
      detail: '1 possible match on the sanctions list; a reviewer must clear or confirm.',
      checked_at: '2026-03-02T10:00:00Z',
      evidence: {
        list_version: 'v42',
        hits: [{ query: 'Widget Works Inc', entity_id: '1234', name: 'WIDGET WORKS LTD', matched_name: 'WIDGET WORKS', score: 91, programs: ['SDGT'], list: 'SDN' }],
        cleared: [],
      },
    },
    { name: 'documents', result: 'pass', detail: 'A W-9 is on file.', checked_at: '2026-03-02T10:00:00Z', evidence: { kinds: ['w9'] } },
  ],
  documents: [
    { id: 'doc_1', kind: 'w9', file_name: 'w9.pdf', content_type: 'application/pdf', size_bytes: 2048, sha256: 'x', created_at: '2026-03-02T10:00:00Z' },
  ],
  four_eyes: true,
  awaiting_second_approval: false,
};

describe('Supplier review', () => {
  const path = '/reviews/org_sup';

  it('shows the profile with the TIN masked, each check with its evidence, and document links', async () => {
    renderQueue({ 'GET /api/v1/reviews/org_sup': () => Response.json(detail) }, path);
    expect(await screen.findByRole('heading', { level: 1, name: 'Review: Widget Works Inc' })).toBeInTheDocument();
    expect(screen.getByText('EIN •••• 6789')).toBeInTheDocument();
    const checks = screen.getByRole('list', { name: 'Checks' });
    expect(checks).toHaveTextContent('Sanctions screening');
    expect(checks).toHaveTextContent('Needs review');
    expect(checks).toHaveTextContent('List version');
    const hits = within(checks).getByRole('list', { name: 'Possible sanctions matches' });
    expect(hits).toHaveTextContent('WIDGET WORKS LTD');
    expect(hits).toHaveTextContent('Score 91 of 100');
    expect(screen.getByRole('link', { name: 'Download W-9: w9.pdf' })).toHaveAttribute('href', '/api/v1/reviews/org_sup/documents/doc_1');
  });

  it('clears a sanctions hit as a false positive with a note', async () => {
    const { bodyOf } = renderQueue(
      {
        'GET /api/v1/reviews/org_sup': () => Response.json(detail),
        'POST /api/v1/reviews/org_sup/sanctions/clear': noContent,
      },
      path,
    );
    await userEvent.click(await screen.findByRole('button', { name: 'Clear WIDGET WORKS LTD as a false positive' }));
    const form = screen.getByRole('form', { name: 'Clear WIDGET WORKS LTD as a false positive' });
    await userEvent.click(within(form).getByRole('button', { name: 'Clear as false positive' }));
    expect(within(form).getByLabelText(/Why is this a false positive/)).toHaveAccessibleDescription(/Write why this is not the same party/);
    await userEvent.type(within(form).getByLabelText(/Why is this a false positive/), 'Different country of registration.');
    await userEvent.click(within(form).getByRole('button', { name: 'Clear as false positive' }));
    expect(await screen.findByText('Match cleared as a false positive')).toBeInTheDocument();
    expect(bodyOf('POST /api/v1/reviews/org_sup/sanctions/clear')).toEqual({
      entity_id: '1234',
      query: 'Widget Works Inc',
      note: 'Different country of registration.',
    });
  });

  it('asks for a reason, then says clearly that a first approval waits for a second administrator', async () => {
    const { bodyOf, calls } = renderQueue(
      {
        'GET /api/v1/reviews/org_sup': () => Response.json(detail),
        'POST /api/v1/reviews/org_sup/approve': () => Response.json({ case: detail.case, awaiting_second_approval: true }),
      },
      path,
    );
    await userEvent.click(await screen.findByRole('button', { name: 'Approve' }));
    expect(screen.getByLabelText(/^Reason/)).toHaveAccessibleDescription(/Give a reason before you approve/);
    expect(calls()).not.toContain('POST /api/v1/reviews/org_sup/approve');
    await userEvent.type(screen.getByLabelText(/^Reason/), 'All good.');
    await userEvent.click(screen.getByRole('button', { name: 'Approve' }));
    expect(await screen.findByText('Your approval is recorded: a second administrator must approve too')).toBeInTheDocument();
    expect(screen.getByText('Waiting for a second approval')).toBeInTheDocument();
    expect(bodyOf('POST /api/v1/reviews/org_sup/approve')).toEqual({ reason: 'All good.' });
  });

  it('explains a refused second approval by the same person', async () => {
    renderQueue(
      {
        'GET /api/v1/reviews/org_sup': () => Response.json({ ...detail, awaiting_second_approval: true }),
        'POST /api/v1/reviews/org_sup/approve': () => problem(409, 'second_approver_required'),
      },
      path,
    );
    await userEvent.type(await screen.findByLabelText(/^Reason/), 'Approving again.');
    await userEvent.click(screen.getByRole('button', { name: 'Approve' }));
    expect(await screen.findByText(/another administrator of your organization must give the second/)).toBeInTheDocument();
  });

  it('rejects with a reason and shows the new status', async () => {
    renderQueue(
      {
        'GET /api/v1/reviews/org_sup': () => Response.json(detail),
        'POST /api/v1/reviews/org_sup/reject': () =>
          Response.json({ case: { ...detail.case, status: 'rejected', reason: 'Sanctioned.' }, awaiting_second_approval: false }),
      },
      path,
    );
    await userEvent.type(await screen.findByLabelText(/^Reason/), 'Sanctioned.');
    await userEvent.click(screen.getByRole('button', { name: 'Reject' }));
    expect(await screen.findByText('Supplier rejected')).toBeInTheDocument();
    expect(screen.getByText('The supplier’s status is now “Rejected”.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Approve' })).not.toBeInTheDocument();
  });

  it('says so when the supplier is not in the queue', async () => {
    renderQueue({ 'GET /api/v1/reviews/org_sup': () => problem(404, 'supplier_not_found') }, path);
    expect(await screen.findByText('Supplier not found')).toBeInTheDocument();
    expect(screen.getByText('That supplier is not in your review queue.')).toBeInTheDocument();
  });
});
