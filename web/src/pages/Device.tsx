import { useEffect, useRef, useState, type SubmitEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useApi } from '../api/context';
import { decideDevice, getDeviceRequest, type DeviceRequest } from '../api/devices';
import { errorMessage } from '../api/messages';
import { ApiError } from '../api/problem';
import { Alert } from '../components/Alert';
import { Button } from '../components/Button';
import { TextField } from '../components/TextField';
import { Page } from '../layout/Page';
import { useSignedIn } from '../session/gate';
import './forms.css';

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

type Step =
  | { kind: 'enter' }
  | { kind: 'review'; request: DeviceRequest }
  | { kind: 'done'; decision: 'approve' | 'deny'; request: DeviceRequest };

/** The code a desktop shows, as a person may type it: "bcdf ghjk" is fine. */
function codeError(code: string): string | undefined {
  const letters = code.replace(/[\s-]/g, '');
  if (letters === '') return 'Enter the code the desktop app shows.';
  if (letters.length !== 8) return 'The code has 8 letters, such as BCDF-GHJK.';
  return undefined;
}

function ConnectDevice() {
  const api = useApi();
  const [params] = useSearchParams();
  const [code, setCode] = useState(params.get('code') ?? '');
  const [fieldError, setFieldError] = useState<string>();
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [step, setStep] = useState<Step>({ kind: 'enter' });
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (step.kind !== 'enter') heading.current?.focus();
  }, [step]);

  async function look(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    setFailure(undefined);
    const problem = codeError(code);
    setFieldError(problem);
    if (problem) return;
    setBusy(true);
    try {
      setStep({ kind: 'review', request: await getDeviceRequest(api, code.trim()) });
    } catch (err) {
      setFailure(errorMessage(err));
      if (!(err instanceof ApiError)) throw err;
    } finally {
      setBusy(false);
    }
  }

  async function decide(request: DeviceRequest, decision: 'approve' | 'deny') {
    if (busy) return;
    setFailure(undefined);
    setBusy(true);
    try {
      await decideDevice(api, request.user_code, decision);
      setStep({ kind: 'done', decision, request });
    } catch (err) {
      setFailure(errorMessage(err));
      if (!(err instanceof ApiError)) throw err;
    } finally {
      setBusy(false);
    }
  }

  const failed = failure && (
    <Alert tone="error" title="That did not work">
      <p>{failure}</p>
    </Alert>
  );

  if (step.kind === 'done') {
    const approved = step.decision === 'approve';
    return (
      <>
        <h2 ref={heading} tabIndex={-1}>
          {approved ? 'Device connected' : 'Device refused'}
        </h2>
        <Alert tone={approved ? 'success' : 'info'} announce={false}>
          <p>
            {approved ? (
              <>
                <strong>{step.request.device_name}</strong> is now connected to your account. Go back to the desktop app:
                it continues on its own.
              </>
            ) : (
              <>
                <strong>{step.request.device_name}</strong> was not connected. The desktop app will say so.
              </>
            )}
          </p>
        </Alert>
        <p>
          <Link to="/account">See your devices on your account page</Link>
        </p>
      </>
    );
  }

  if (step.kind === 'review') {
    const { request } = step;
    return (
      <>
        <h2 ref={heading} tabIndex={-1}>
          Connect {request.device_name}?
        </h2>
        {failed}
        <dl className="device__request">
          <div>
            <dt>Device</dt>
            <dd>{request.device_name}</dd>
          </div>
          <div>
            <dt>Asked from IP address</dt>
            <dd>{request.ip}</dd>
          </div>
          <div>
            <dt>Asked at</dt>
            <dd>
              <time dateTime={request.created_at}>{timeFormat.format(new Date(request.created_at))}</time>
            </dd>
          </div>
          <div>
            <dt>Code</dt>
            <dd>{request.user_code}</dd>
          </div>
        </dl>
        <p>
          Approve only if you started the Vouch desktop app yourself just now and it shows this code. The device will act
          as you until you disconnect it.
        </p>
        <div className="form__actions">
          <Button onClick={() => void decide(request, 'approve')} aria-busy={busy}>
            Approve
          </Button>
          <Button variant="secondary" onClick={() => void decide(request, 'deny')}>
            Deny
          </Button>
        </div>
      </>
    );
  }

  return (
    <form onSubmit={(e) => void look(e)} noValidate>
      <p>Enter the code the Vouch desktop app shows to connect it to your account.</p>
      {failed}
      <TextField
        label="Code from the desktop app"
        description="8 letters, such as BCDF-GHJK"
        value={code}
        onChange={(e) => setCode(e.target.value)}
        error={fieldError}
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
      />
      <div className="form__actions">
        <Button type="submit" aria-busy={busy}>
          Continue
        </Button>
      </div>
    </form>
  );
}

/** /device: a signed-in person confirms the code their desktop app shows, then approves or denies it. */
export function Device() {
  const gate = useSignedIn();
  return (
    <Page title="Connect a device">
      <div className="narrow">{gate.me ? <ConnectDevice /> : gate.content}</div>
    </Page>
  );
}
