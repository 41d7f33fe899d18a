import { act, render, screen, waitFor } from '@testing-library/react';
import { StrictMode, useEffect } from 'react';
import { ApiProvider } from '../api/context';
import { fakeServer, meFixture, meHandler, noContent, problem, type Handler } from '../test/server';
import { SessionProvider, useSession, type Session } from './session';

/** The session the probe last rendered with, for calling its functions from a test. */
const probe: { session?: Session | undefined } = {};

function Probe() {
  const session = useSession();
  useEffect(() => {
    probe.session = session;
  });
  const { state } = session;
  return (
    <p data-testid="state">
      {state.status}
      {state.status === 'signed-in' && ` ${state.me.email}`}
      {state.status === 'unknown' && ` ${state.error.code}`}
    </p>
  );
}

function renderSession(handlers: Record<string, Handler>) {
  document.cookie = 'vouch_csrf=t; path=/';
  const server = fakeServer(handlers);
  render(
    <StrictMode>
      <ApiProvider client={server.api}>
        <SessionProvider>
          <Probe />
        </SessionProvider>
      </ApiProvider>
    </StrictMode>,
  );
  return server;
}

const state = () => screen.getByTestId('state');

describe('useSession', () => {
  afterEach(() => {
    probe.session = undefined;
  });

  it('asks /me once at start, even in StrictMode, and is signed in with the answer', async () => {
    const server = renderSession({ 'GET /api/v1/me': meHandler(meFixture) });
    expect(state()).toHaveTextContent('loading');
    await waitFor(() => expect(state()).toHaveTextContent('signed-in ada@acme.example'));
    expect(probe.session?.me?.org?.name).toBe('Acme Corp');
    expect(server.calls()).toEqual(['GET /api/v1/me']);
  });

  it('is signed out when /me answers 401', async () => {
    renderSession({ 'GET /api/v1/me': meHandler(undefined) });
    await waitFor(() => expect(state()).toHaveTextContent('signed-out'));
    expect(probe.session?.me).toBeUndefined();
  });

  it('does not claim signed out when the server could not answer', async () => {
    renderSession({ 'GET /api/v1/me': () => problem(503, 'unavailable', {}, { 'Retry-After': '5' }) });
    await waitFor(() => expect(state()).toHaveTextContent('unknown unavailable'));
  });

  it('signs out through POST /auth/logout', async () => {
    const server = renderSession({ 'GET /api/v1/me': meHandler(meFixture), 'POST /api/v1/auth/logout': noContent });
    await waitFor(() => expect(state()).toHaveTextContent('signed-in'));
    await act(() => probe.session?.signOut());
    expect(state()).toHaveTextContent('signed-out');
    expect(server.calls()).toEqual(['GET /api/v1/me', 'POST /api/v1/auth/logout']);
    expect(server.seen[1]?.request.headers.get('X-CSRF-Token')).toBe('t');
  });

  it('stays signed in when sign-out fails, and says why', async () => {
    renderSession({ 'GET /api/v1/me': meHandler(meFixture), 'POST /api/v1/auth/logout': () => problem(403, 'csrf_failed') });
    await waitFor(() => expect(state()).toHaveTextContent('signed-in'));
    await act(async () => {
      await expect(probe.session?.signOut()).rejects.toMatchObject({ code: 'csrf_failed' });
    });
    expect(state()).toHaveTextContent('signed-in');
  });

  it('takes the person a sign-in answered with, and forgets them when a call says 401', async () => {
    renderSession({ 'GET /api/v1/me': meHandler(undefined) });
    await waitFor(() => expect(state()).toHaveTextContent('signed-out'));
    act(() => probe.session?.signedIn({ ...meFixture, email: 'grace@acme.example' }));
    expect(state()).toHaveTextContent('signed-in grace@acme.example');
    act(() => probe.session?.expired());
    expect(state()).toHaveTextContent('signed-out');
  });

  it('refresh asks /me again', async () => {
    let me = { ...meFixture, must_change_password: true };
    const server = renderSession({ 'GET /api/v1/me': () => Response.json(me) });
    await waitFor(() => expect(probe.session?.me?.must_change_password).toBe(true));
    me = { ...me, must_change_password: false };
    await act(() => probe.session?.refresh());
    expect(probe.session?.me?.must_change_password).toBe(false);
    expect(server.calls()).toEqual(['GET /api/v1/me', 'GET /api/v1/me']);
  });
});

describe('revalidate', () => {
  beforeEach(() => {
    // Only the clock: revalidate() skips a check made within the last second.
    vi.useFakeTimers({ toFake: ['Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
    probe.session = undefined;
  });

  it('does not ask again right after an answer', async () => {
    const server = renderSession({ 'GET /api/v1/me': meHandler(meFixture) });
    await waitFor(() => expect(state()).toHaveTextContent('signed-in'));
    await act(() => probe.session?.revalidate());
    expect(server.calls()).toEqual(['GET /api/v1/me']);
  });

  it('is signed out once the server no longer knows the session', async () => {
    let alive = true;
    const server = renderSession({ 'GET /api/v1/me': () => (alive ? Response.json(meFixture) : problem(401, 'unauthenticated')) });
    await waitFor(() => expect(state()).toHaveTextContent('signed-in'));
    alive = false;
    vi.advanceTimersByTime(5_000);
    await act(() => probe.session?.revalidate());
    expect(state()).toHaveTextContent('signed-out');
    expect(server.calls()).toEqual(['GET /api/v1/me', 'GET /api/v1/me']);
  });

  it('keeps the state (the same object) for the same answer, and through a failure without one', async () => {
    let answer: Handler = meHandler(meFixture);
    renderSession({ 'GET /api/v1/me': (r) => answer(r) });
    await waitFor(() => expect(state()).toHaveTextContent('signed-in'));
    const before = probe.session?.state;
    vi.advanceTimersByTime(5_000);
    await act(() => probe.session?.revalidate());
    expect(probe.session?.state).toBe(before);
    answer = () => problem(503, 'unavailable');
    vi.advanceTimersByTime(5_000);
    await act(() => probe.session?.revalidate());
    expect(probe.session?.state).toBe(before);
  });

  it('picks up what changed, such as a forced reset', async () => {
    let me = meFixture;
    renderSession({ 'GET /api/v1/me': () => Response.json(me) });
    await waitFor(() => expect(state()).toHaveTextContent('signed-in'));
    me = { ...meFixture, must_change_password: true };
    vi.advanceTimersByTime(5_000);
    await act(() => probe.session?.revalidate());
    expect(probe.session?.me?.must_change_password).toBe(true);
  });
});

describe('useSession outside a provider', () => {
  it('says what is missing', () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(() => render(<Probe />)).toThrow(/SessionProvider/);
  });
});

