import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import type { AdminUser } from '../../api/admin';
import { ApiProvider } from '../../api/context';
import { fakeServer, noContent, problem, type Handler } from '../../test/server';
import { StaffActionDialog, type StaffActionRequest } from './StaffActionDialog';
import type { StaffActionKind } from './staffActions';

const grace: AdminUser = {
  id: 'usr_grace',
  email: 'grace@acme.example',
  name: 'Grace Hopper',
  roles: ['customer_admin'],
  org_id: 'org_1',
  status: 'active',
  must_change_password: false,
  locked_until: null,
  require_passkey: false,
  require_passkey_user: false,
};

const resetPath = 'POST /api/v1/admin/users/usr_grace/force-password-reset';
const linkPath = 'POST /api/v1/admin/users/usr_grace/reset-link';
const sessionsPath = 'DELETE /api/v1/admin/users/usr_grace/sessions';
const accepted = () => new Response('Accepted', { status: 202, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });

/** A page with one opener button per action, as the users table has per row. */
function Harness({ onDone }: { onDone: (r: StaffActionRequest) => void }) {
  const [request, setRequest] = useState<StaffActionRequest>();
  const opener = (action: StaffActionKind, label: string) => (
    <button type="button" onClick={() => setRequest({ user: grace, action })}>
      {label}
    </button>
  );
  return (
    <>
      {opener('force-reset', 'Open')}
      {opener('reset-link', 'Open reset link')}
      {opener('sign-out', 'Open sign out')}
      <StaffActionDialog
        request={request}
        onClose={() => setRequest(undefined)}
        onDone={(r) => {
          onDone(r);
          setRequest(undefined);
        }}
      />
    </>
  );
}

function renderDialog(answer: Handler, handlers: Record<string, Handler> = {}) {
  document.cookie = 'vouch_csrf=t; path=/';
  const server = fakeServer({ [resetPath]: answer, ...handlers });
  const onDone = vi.fn();
  render(
    <ApiProvider client={server.api}>
      <Harness onDone={onDone} />
    </ApiProvider>,
  );
  return { ...server, onDone };
}

async function open(opener = 'Open', title = 'Force a password reset') {
  await userEvent.click(screen.getByRole('button', { name: opener }));
  return screen.getByRole('dialog', { name: title });
}

describe('StaffActionDialog', () => {
  it('opens modal with focus on the reason, naming the user', async () => {
    renderDialog(noContent);
    const dialog = await open();
    expect(dialog).toHaveAttribute('open');
    expect(dialog).toHaveTextContent('grace@acme.example will have to choose a new password');
    expect(screen.getByLabelText('Reason')).toHaveFocus();
  });

  it('refuses to send without a reason and says why next to the field', async () => {
    const { calls, onDone } = renderDialog(noContent);
    await open();
    await userEvent.click(screen.getByRole('button', { name: 'Force password reset' }));
    const reason = screen.getByLabelText('Reason');
    expect(reason).toHaveAttribute('aria-invalid', 'true');
    expect(reason).toHaveAccessibleDescription(expect.stringContaining('Enter a reason: it goes into the audit log.'));
    expect(reason).toHaveFocus();
    expect(calls()).toEqual([]);
    expect(onDone).not.toHaveBeenCalled();
  });

  it('asks for the method when only a note is given', async () => {
    const { calls } = renderDialog(noContent);
    await open();
    await userEvent.type(screen.getByLabelText('Reason'), 'Asked by phone');
    await userEvent.type(screen.getByLabelText('Verification note (optional)'), 'called back');
    await userEvent.click(screen.getByRole('button', { name: 'Force password reset' }));
    expect(screen.getByRole('group', { name: 'How was the request verified?' })).toHaveAccessibleDescription(
      'Choose how you verified the request, or clear the note.',
    );
    expect(calls()).toEqual([]);
  });

  it('sends the reason and verification, then reports the user done', async () => {
    const { bodyOf, onDone } = renderDialog(noContent);
    const dialog = await open();
    await userEvent.type(screen.getByLabelText('Reason'), 'Phishing report');
    await userEvent.click(screen.getByRole('radio', { name: 'Support ticket' }));
    await userEvent.type(screen.getByLabelText('Verification note (optional)'), 'T-1234');
    await userEvent.click(screen.getByRole('button', { name: 'Force password reset' }));
    await waitFor(() => expect(onDone).toHaveBeenCalledWith({ user: grace, action: 'force-reset' }));
    expect(bodyOf(resetPath)).toEqual({ reason: 'Phishing report', verified_by: { method: 'ticket', note: 'T-1234' } });
    expect(dialog).not.toHaveAttribute('open');
  });

  it("shows the server's refusal inside the dialog and keeps it open", async () => {
    renderDialog(() => problem(404, 'user_not_found', { detail: 'No such user.' }));
    const dialog = await open();
    await userEvent.type(screen.getByLabelText('Reason'), 'Phishing report');
    await userEvent.click(screen.getByRole('button', { name: 'Force password reset' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('That user no longer exists');
    expect(dialog).toHaveAttribute('open');
  });

  it("puts the server's field errors next to the fields", async () => {
    renderDialog(() =>
      problem(422, 'invalid_input', { errors: [{ field: 'reason', message: 'is required: say why, it goes into the audit log' }] }),
    );
    await open();
    await userEvent.type(screen.getByLabelText('Reason'), 'x');
    await userEvent.click(screen.getByRole('button', { name: 'Force password reset' }));
    await waitFor(() =>
      expect(screen.getByLabelText('Reason')).toHaveAccessibleDescription(
        expect.stringContaining('Reason is required: say why, it goes into the audit log.'),
      ),
    );
  });

  it('closes on Escape and on Cancel without sending anything', async () => {
    const { calls } = renderDialog(noContent);
    let dialog = await open();
    await userEvent.keyboard('{Escape}');
    expect(dialog).not.toHaveAttribute('open');
    dialog = await open();
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(dialog).not.toHaveAttribute('open');
    expect(calls()).toEqual([]);
  });

  it('starts empty each time it opens', async () => {
    renderDialog(noContent);
    await open();
    await userEvent.type(screen.getByLabelText('Reason'), 'half a thought');
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await open();
    expect(screen.getByLabelText('Reason')).toHaveValue('');
  });

  it('e-mails a reset link: says the link is never shown, sends the reason, accepts 202', async () => {
    const { bodyOf, calls, onDone } = renderDialog(noContent, { [linkPath]: accepted });
    const dialog = await open('Open reset link', 'Send a password reset link');
    expect(dialog).toHaveTextContent('Vouch e-mails grace@acme.example a link to choose a new password.');
    expect(dialog).toHaveTextContent('never shown to you');
    expect(screen.getByLabelText('Reason')).toHaveFocus();
    await userEvent.type(screen.getByLabelText('Reason'), 'User forgot the password');
    await userEvent.click(screen.getByRole('radio', { name: 'Call-back to a number on file' }));
    await userEvent.click(screen.getByRole('button', { name: 'Send reset link' }));
    await waitFor(() => expect(onDone).toHaveBeenCalledWith({ user: grace, action: 'reset-link' }));
    expect(bodyOf(linkPath)).toEqual({ reason: 'User forgot the password', verified_by: { method: 'callback' } });
    expect(calls()).not.toContain(resetPath);
    expect(dialog).not.toHaveAttribute('open');
  });

  it('signs the user out everywhere with DELETE and the reason in the body', async () => {
    const { bodyOf, onDone } = renderDialog(noContent, { [sessionsPath]: noContent });
    const dialog = await open('Open sign out', 'Sign the user out everywhere');
    expect(dialog).toHaveTextContent('grace@acme.example is signed out of Vouch now, in every browser and on every device.');
    await userEvent.click(screen.getByRole('button', { name: 'Sign out everywhere' }));
    expect(screen.getByLabelText('Reason')).toHaveAttribute('aria-invalid', 'true');
    await userEvent.type(screen.getByLabelText('Reason'), 'Laptop stolen');
    await userEvent.click(screen.getByRole('button', { name: 'Sign out everywhere' }));
    await waitFor(() => expect(onDone).toHaveBeenCalledWith({ user: grace, action: 'sign-out' }));
    expect(bodyOf(sessionsPath)).toEqual({ reason: 'Laptop stolen' });
  });

  it("names the action that failed in the dialog's alert", async () => {
    renderDialog(noContent, { [sessionsPath]: () => problem(403, 'forbidden') });
    const dialog = await open('Open sign out', 'Sign the user out everywhere');
    await userEvent.type(screen.getByLabelText('Reason'), 'Laptop stolen');
    await userEvent.click(screen.getByRole('button', { name: 'Sign out everywhere' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The sessions were not ended');
    expect(alert).toHaveTextContent("Your role doesn't allow this.");
    expect(dialog).toHaveAttribute('open');
  });

  it('starts empty when another action opens for the same user', async () => {
    renderDialog(noContent);
    await open();
    await userEvent.type(screen.getByLabelText('Reason'), 'half a thought');
    await userEvent.keyboard('{Escape}');
    await open('Open reset link', 'Send a password reset link');
    expect(screen.getByLabelText('Reason')).toHaveValue('');
  });
});
