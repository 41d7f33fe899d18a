import { call, type ApiClient } from './client';
import type { components } from './schema';

/** A high-risk event about one of the org's suppliers (a closed-for-cause account, a shared account…). */
export type RiskAlert = components['schemas']['Alert'];
export type AlertFilter = 'open' | 'resolved' | 'all';

/** The org's alerts, newest first. */
export async function listAlerts(api: ApiClient, status: AlertFilter = 'open'): Promise<RiskAlert[]> {
  const { alerts } = await call(api.GET('/api/v1/alerts', { params: { query: { status } } }));
  return alerts;
}

/** Resolves an alert with a note saying what was checked or done. */
export async function resolveAlert(api: ApiClient, id: string, note: string): Promise<RiskAlert> {
  return call(api.POST('/api/v1/alerts/{id}/resolve', { params: { path: { id } }, body: { note } }));
}

/** Where the live stream of new alerts is, on the page's origin like every other call. */
export const alertStreamPath = '/api/v1/alerts/stream';

export interface AlertStreamHandlers {
  /** A new alert arrived. */
  onAlert: (alert: RiskAlert) => void;
  /**
   * The stream (re)connected. Alerts raised while it was down are not replayed, so
   * the caller reloads its list here.
   */
  onOpen: () => void;
  /** The connection dropped; `closed` is true when the browser gave up reconnecting. */
  onError?: (closed: boolean) => void;
}

function isAlert(value: unknown): value is RiskAlert {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.id === 'string' && typeof v.supplier_name === 'string' && typeof v.detail === 'string';
}

/**
 * Opens the server-sent event stream of new alerts (cookie session, so withCredentials).
 * Returns a function that closes it, or undefined where the browser has no EventSource.
 */
export function openAlertStream(handlers: AlertStreamHandlers): (() => void) | undefined {
  if (typeof EventSource === 'undefined') return undefined;
  const source = new EventSource(`${window.location.origin}${alertStreamPath}`, { withCredentials: true });
  source.addEventListener('open', () => handlers.onOpen());
  source.addEventListener('alert', (event) => {
    let data: unknown;
    try {
      data = JSON.parse((event as MessageEvent<string>).data);
    } catch {
      return; // a garbled event is skipped; the next reload on reconnect catches up
    }
    if (isAlert(data)) handlers.onAlert(data);
  });
  source.addEventListener('error', () => handlers.onError?.(source.readyState === EventSource.CLOSED));
  return () => source.close();
}
