import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Link } from 'react-router';
import { meFixture, problem, renderRoutes } from '../test/server';
import { useSignedIn } from './gate';

/** A page that needs a session, with a link to another such page. */
function Gated({ name, to }: { name: string; to: string }) {
  const gate = useSignedIn();
  if (!gate.me) return gate.content;
  return (
    <>
      <p>
        {name} for {gate.me.email}
      </p>
      <Link to={to}>Next page</Link>
    </>
  );
}

function renderGated(alive: () => boolean) {
  return renderRoutes(
    { '/one': <Gated name="one" to="/two" />, '/two': <Gated name="two" to="/one" /> },
    { path: '/one', handlers: { 'GET /api/v1/me': () => (alive() ? Response.json(meFixture) : problem(401, 'unauthenticated')) } },
  );
}

describe('useSignedIn', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('checks the session again on the next page, and sends a session ended elsewhere to sign in', async () => {
    let alive = true;
    const { calls } = renderGated(() => alive);
    expect(await screen.findByText('one for ada@acme.example')).toBeInTheDocument();
    // Staff sign the person out everywhere; some time later they follow a link.
    alive = false;
    vi.advanceTimersByTime(60_000);
    await userEvent.click(screen.getByRole('link', { name: 'Next page' }));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/sign-in?next=%2Ftwo'));
    expect(calls()).toEqual(['GET /api/v1/me', 'GET /api/v1/me']);
  });

  it('keeps showing the page while the check runs, and asks once per navigation at most', async () => {
    const { calls } = renderGated(() => true);
    expect(await screen.findByText('one for ada@acme.example')).toBeInTheDocument();
    // At once: the answer from the start is fresh enough.
    await userEvent.click(screen.getByRole('link', { name: 'Next page' }));
    expect(screen.getByText('two for ada@acme.example')).toBeInTheDocument();
    expect(calls()).toEqual(['GET /api/v1/me']);
    vi.advanceTimersByTime(60_000);
    await userEvent.click(screen.getByRole('link', { name: 'Next page' }));
    expect(screen.getByText('one for ada@acme.example')).toBeInTheDocument();
    await waitFor(() => expect(calls()).toEqual(['GET /api/v1/me', 'GET /api/v1/me']));
  });
});
