import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useApi } from '../api/context';
import { listMyDevices, revokeMyDevice, type MyDevice } from '../api/devices';
import { errorMessage } from '../api/messages';
import { ApiError } from '../api/problem';
import { Button } from '../components/Button';
import { LoadFailed } from '../components/LoadFailed';
import { NoticeRegion, type Notice } from '../components/NoticeRegion';
import { useConfirmedAction } from '../components/useConfirmedAction';
import { useSession } from '../session/session';
// The list looks like "Where you're signed in", on purpose: same kind of thing.
import './Sessions.css';

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

type ListState = { kind: 'loading' } | { kind: 'failed'; message: string } | { kind: 'ready'; devices: MyDevice[] };

function DeviceItem({ device, onRevoke }: { device: MyDevice; onRevoke: (d: MyDevice) => Promise<boolean> }) {
  const { confirming, busy, confirmRef, triggerRef, ask, cancel, act } = useConfirmedAction(() => onRevoke(device));
  const connected = timeFormat.format(new Date(device.created_at));
  return (
    <li className="sessions__item">
      <p className="sessions__device">{device.name}</p>
      <p className="sessions__details">
        Connected <time dateTime={device.created_at}>{connected}</time>
        {' · '}
        {device.last_used_at ? (
          <>
            Last used <time dateTime={device.last_used_at}>{timeFormat.format(new Date(device.last_used_at))}</time>
          </>
        ) : (
          'Not used yet'
        )}
      </p>
      {confirming ? (
        <div className="sessions__confirm" role="group" aria-label={`Disconnect ${device.name}?`}>
          <p>
            Disconnect <strong>{device.name}</strong>? The Vouch desktop app on it will have to be connected again.
          </p>
          <div className="sessions__actions">
            <Button ref={confirmRef} onClick={() => void act()} aria-busy={busy}>
              {busy ? 'Disconnecting…' : 'Disconnect this device'}
            </Button>
            <Button variant="secondary" onClick={cancel}>
              Cancel
            </Button>
          </div>
        </div>
      ) : (
        <div className="sessions__actions">
          <Button ref={triggerRef} variant="secondary" aria-label={`Disconnect ${device.name}, connected ${connected}`} onClick={ask}>
            Disconnect
          </Button>
        </div>
      )}
    </li>
  );
}

/**
 * The account page's "Devices": the desktop apps connected to this account (device tokens),
 * each of which can be disconnected after an inline confirmation.
 */
export function Devices() {
  const api = useApi();
  const { expired } = useSession();
  const [list, setList] = useState<ListState>({ kind: 'loading' });
  const [notice, setNotice] = useState<Notice>();
  const headingId = useId();
  const heading = useRef<HTMLHeadingElement>(null);

  const load = useCallback(
    () =>
      listMyDevices(api).then(
        (devices) => setList({ kind: 'ready', devices }),
        (err: unknown) => {
          if (err instanceof ApiError && err.status === 401) {
            expired();
            return;
          }
          setList({ kind: 'failed', message: errorMessage(err) });
        },
      ),
    [api, expired],
  );

  useEffect(() => {
    void load();
  }, [load]);

  function retry() {
    setList({ kind: 'loading' });
    void load();
  }

  async function revoke(device: MyDevice): Promise<boolean> {
    setNotice(undefined);
    try {
      await revokeMyDevice(api, device.id);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        expired();
        return false;
      }
      if (!(err instanceof ApiError && err.status === 404)) {
        setNotice({ tone: 'error', title: `${device.name} was not disconnected`, message: errorMessage(err) });
        if (!(err instanceof ApiError)) throw err;
        return false;
      }
    }
    setList((cur) => (cur.kind === 'ready' ? { kind: 'ready', devices: cur.devices.filter((d) => d.id !== device.id) } : cur));
    setNotice({ tone: 'success', title: `Disconnected ${device.name}`, message: 'It can no longer reach your account.' });
    heading.current?.focus();
    return true;
  }

  return (
    <section className="sessions" aria-labelledby={headingId}>
      <h2 id={headingId} ref={heading} tabIndex={-1}>
        Devices
      </h2>
      <p className="sessions__intro">
        Computers where the Vouch desktop app is connected to your account. If you don&rsquo;t recognise one, disconnect it
        and change your password.
      </p>
      <NoticeRegion notice={notice} />
      {list.kind === 'loading' && <p className="sessions__status">Loading your devices…</p>}
      {list.kind === 'failed' && (
        <LoadFailed title="Your devices could not be loaded" message={list.message} onRetry={retry} />
      )}
      {list.kind === 'ready' &&
        (list.devices.length === 0 ? (
          <p className="sessions__status">
            No devices yet. To connect the desktop app, start it and confirm the code it shows at <code>/device</code>.
          </p>
        ) : (
          <ul className="sessions__list" aria-label="Your devices">
            {list.devices.map((d) => (
              <DeviceItem key={d.id} device={d} onRevoke={revoke} />
            ))}
          </ul>
        ))}
    </section>
  );
}
