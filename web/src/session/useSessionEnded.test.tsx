import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { ApiProvider } from '../api/context';
import { ApiError } from '../api/problem';
import { fakeServer, meFixture, meHandler } from '../test/server';
import { SessionProvider, useSession } from './session';
import { useSessionEnded, type SessionEndedOptions } from './useSessionEnded';

const apiError = (status: number, code: string) => new ApiError({ type: 'about:blank', title: 'T', status, code });

async function renderEnded(options?: SessionEndedOptions) {
  const server = fakeServer({ 'GET /api/v1/me': meHandler(meFixture) });
  const wrapper = ({ children }: { children: ReactNode }) => (
    <ApiProvider client={server.api}>
      <SessionProvider>{children}</SessionProvider>
    </ApiProvider>
  );
  const hook = renderHook(() => ({ ended: useSessionEnded(options), session: useSession() }), { wrapper });
  await waitFor(() => expect(hook.result.current.session.state.status).toBe('signed-in'));
  return { server, hook };
}

describe('useSessionEnded', () => {
  it('leaves errors that are the action’s own to the page', async () => {
    const { server, hook } = await renderEnded();
    act(() => {
      expect(hook.result.current.ended(apiError(403, 'forbidden'))).toBe(false);
      expect(hook.result.current.ended(new Error('offline'))).toBe(false);
    });
    expect(hook.result.current.session.state.status).toBe('signed-in');
    expect(server.calls()).toEqual(['GET /api/v1/me']);
  });

  it('signs out on any 401 by default', async () => {
    const { hook } = await renderEnded();
    act(() => {
      expect(hook.result.current.ended(apiError(401, 'passkey_invalid'))).toBe(true);
    });
    expect(hook.result.current.session.state.status).toBe('signed-out');
  });

  it('with unauthenticatedOnly, signs out only on the code unauthenticated', async () => {
    const { hook } = await renderEnded({ unauthenticatedOnly: true });
    act(() => {
      expect(hook.result.current.ended(apiError(401, 'ceremony_expired'))).toBe(false);
    });
    expect(hook.result.current.session.state.status).toBe('signed-in');
    act(() => {
      expect(hook.result.current.ended(apiError(401, 'unauthenticated'))).toBe(true);
    });
    expect(hook.result.current.session.state.status).toBe('signed-out');
  });

  it('asks /me again when a password change is required', async () => {
    const { server, hook } = await renderEnded();
    act(() => {
      expect(hook.result.current.ended(apiError(403, 'password_change_required'))).toBe(true);
    });
    await waitFor(() => expect(server.calls()).toEqual(['GET /api/v1/me', 'GET /api/v1/me']));
  });
});
