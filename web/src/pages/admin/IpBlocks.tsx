import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { Link } from 'react-router';
import type { Me } from '../../api/auth';
import { useApi } from '../../api/context';
import { errorMessage, fieldMessage } from '../../api/messages';
import { ApiError } from '../../api/problem';
import { Alert } from '../../components/Alert';
import { LoadFailed } from '../../components/LoadFailed';
import { NoticeRegion, type Notice } from '../../components/NoticeRegion';
import { Page } from '../../layout/Page';
import { useSignedIn } from '../../session/gate';
import { isPlatformAdmin, isPlatformStaff, rolesInWords } from '../../session/roles';
import { useSessionEnded } from '../../session/useSessionEnded';
import { Moment } from '../Recover';
import { CancelWithReason } from './CancelWithReason';
import { liftIpBlock, listIpBlocks, type IpBlock } from './IpBlocksApi';
import '../forms.css';
import './IpBlocks.css';

// The server refuses a lift reason longer than this.
const maxLiftReasonLength = 1000;

/**
 * The server's rate-limit names, in words. A limit this build does not know yet shows by
 * its name alone, which is also what the server log and the audit log say.
 */
const ruleWords: Readonly<Partial<Record<string, string>>> = {
  'login-ip': 'Password sign-ins from one address',
  'login-account': 'Password sign-ins to one account',
  'passkey-login-ip': 'Passkey sign-ins from one address',
  'second-factor-user': 'Passkey checks after a password sign-in',
  'reset-ip': 'Password reset requests from one address',
  'reset-account': 'Password reset requests for one account',
  'reset-confirm-ip': 'Reset links used from one address',
  'recovery-ip': 'Account recovery requests from one address',
  'recovery-account': 'Account recovery requests for one account',
  'recovery-link-ip': 'Recovery links used from one address',
  'device-authorize': 'Desktop app sign-ins started from one address',
  'device-token': 'Desktop app polls from one address',
  'device-lookup': 'Desktop app codes looked up from one address',
  'stepup-email-ip': 'E-mailed confirmation codes asked for from one address',
  'stepup-email-user': 'E-mailed confirmation codes asked for by one person',
  'stepup-email-finish-ip': 'Confirmation codes entered from one address',
  'stepup-email-finish-user': 'Confirmation codes entered by one person',
  'routing-lookup-user': 'Routing number lookups by one person',
};

type ListState =
  | { kind: 'loading' }
  | { kind: 'failed'; message: string }
  | { kind: 'forbidden' }
  | { kind: 'ready'; blocks: IpBlock[] };

function NotAllowed({ me }: { me: Me }) {
  return (
    <Alert tone="info" title="This page is for platform staff">
      <p>You are signed in as {rolesInWords(me.roles)}, which does not include seeing blocked addresses.</p>
      <p>
        <Link to="/account">Go to your account</Link>
      </p>
    </Alert>
  );
}

function RuleTripped({ rule }: { rule: string }) {
  const words = ruleWords[rule];
  if (!words) return <code>{rule}</code>;
  return (
    <>
      {words} <span className="ip-blocks__rule">(<code>{rule}</code>)</span>
    </>
  );
}

interface ItemProps {
  block: IpBlock;
  /** Undefined for support staff: they see the block, the server lets only platform admins lift it. */
  onLift: ((block: IpBlock, reason: string) => Promise<string | undefined>) | undefined;
}

/** One blocked address with the facts an admin weighs before lifting it early. */
function BlockItem({ block, onLift }: ItemProps) {
  return (
    <li className="ip-blocks__item">
      <p className="ip-blocks__ip">
        <code>{block.ip}</code>
      </p>
      <dl className="ip-blocks__facts">
        <div>
          <dt>Limit tripped</dt>
          <dd>
            <RuleTripped rule={block.rule} />
          </dd>
        </div>
        <div>
          <dt>Refused requests</dt>
          <dd>{block.trips}</dd>
        </div>
        <div>
          <dt>Blocked since</dt>
          <dd>
            <Moment at={block.blocked_at} />
          </dd>
        </div>
        <div>
          <dt>Blocked until</dt>
          <dd>
            <Moment at={block.until} />
          </dd>
        </div>
      </dl>
      {onLift && (
        <CancelWithReason
          label="Lift block"
          busyLabel="Lifting…"
          accessibleName={`Lift the block on ${block.ip}`}
          description="Required: it goes into the audit log. Requests from the address are answered again at once, and its count of refusals starts afresh."
          requiredMessage="Reason is required: say why the block should end early, it goes into the audit log."
          maxLength={maxLiftReasonLength}
          onCancel={(reason) => onLift(block, reason)}
        />
      )}
    </li>
  );
}

function BlockList({ me }: { me: Me }) {
  const api = useApi();
  const [list, setList] = useState<ListState>({ kind: 'loading' });
  const [notice, setNotice] = useState<Notice>();
  const headingId = useId();
  const noticeRef = useRef<HTMLDivElement>(null);
  const canLift = isPlatformAdmin(me.roles);

  // True when the session itself is the problem; the session then leads to sign-in or a new password.
  const sessionEnded = useSessionEnded();

  // Then-callbacks, not await: the hooks lint sees only those as setting state after the effect.
  const load = useCallback(
    (signal?: AbortSignal) =>
      listIpBlocks(api, signal).then(
        (blocks) => setList({ kind: 'ready', blocks }),
        (err: unknown) => {
          if (signal?.aborted || sessionEnded(err)) return;
          const refused = err instanceof ApiError && err.code === 'forbidden';
          setList(refused ? { kind: 'forbidden' } : { kind: 'failed', message: errorMessage(err) });
        },
      ),
    [api, sessionEnded],
  );

  useEffect(() => {
    const abort = new AbortController();
    void load(abort.signal);
    return () => abort.abort();
  }, [load]);

  function retry() {
    setList({ kind: 'loading' });
    void load();
  }

  function drop(block: IpBlock, next: Notice) {
    setList((was) => (was.kind === 'ready' ? { kind: 'ready', blocks: was.blocks.filter((b) => b.ip !== block.ip) } : was));
    setNotice(next);
    // The row held the focus and is gone: the notice is where the person continues.
    noticeRef.current?.focus();
  }

  // Resolves to undefined when the row goes, else to what the reason field shows ('' when the notice says it).
  async function lift(block: IpBlock, reason: string): Promise<string | undefined> {
    setNotice(undefined);
    try {
      await liftIpBlock(api, block.ip, reason);
    } catch (err) {
      if (sessionEnded(err)) return '';
      if (err instanceof ApiError && err.code === 'ip_block_not_found') {
        drop(block, {
          tone: 'info',
          title: `${block.ip} is no longer blocked`,
          message: 'Its block ended by itself or someone else lifted it, so there was nothing to lift.',
        });
        return undefined;
      }
      const reasonError = err instanceof ApiError ? err.problem.errors?.find((e) => e.field === 'reason') : undefined;
      if (reasonError) return fieldMessage('reason', 'Reason', reasonError.message);
      setNotice({ tone: 'error', title: `The block on ${block.ip} was not lifted`, message: errorMessage(err) });
      return '';
    }
    drop(block, {
      tone: 'success',
      title: `Block on ${block.ip} lifted`,
      message: 'Vouch answers requests from this address again. If they keep tripping the rate limits, it is blocked again.',
    });
    return undefined;
  }

  if (list.kind === 'forbidden') return <NotAllowed me={me} />;

  return (
    <>
      <p className="ip-blocks__intro">
        When the rate limits refuse requests from one address again and again (by default 5 times within 15 minutes),
        Vouch blocks the address: every request from it is refused until the block ends by itself (by default after 30
        minutes).
      </p>
      {!canLift && (
        <p className="ip-blocks__read-only">
          Only platform administrators can lift a block early. You can see the blocks here; each ends at the time shown.
        </p>
      )}
      <NoticeRegion notice={notice} ref={noticeRef} focusable />
      <section aria-labelledby={headingId}>
        <h2 id={headingId}>Blocked now</h2>
        {list.kind === 'loading' && <p className="ip-blocks__status">Loading blocked addresses…</p>}
        {list.kind === 'failed' && (
          <LoadFailed title="The blocked addresses could not be loaded" message={list.message} onRetry={retry} />
        )}
        {list.kind === 'ready' &&
          (list.blocks.length ? (
            <ul className="ip-blocks__list" aria-label="Blocked addresses">
              {list.blocks.map((block) => (
                <BlockItem key={block.ip} block={block} onLift={canLift ? lift : undefined} />
              ))}
            </ul>
          ) : (
            <div className="ip-blocks__empty">
              <p>
                <strong>No address is blocked.</strong>
              </p>
              <p>When one is, it shows here until its block ends, and platform administrators get an e-mail.</p>
            </div>
          ))}
      </section>
    </>
  );
}

/** /admin/ip-blocks: addresses blocked for tripping the rate limits; platform admins may lift a block early. */
export function IpBlocks() {
  const gate = useSignedIn();
  const { me } = gate;
  return (
    <Page title="Blocked addresses">
      <div className="narrow">{me ? isPlatformStaff(me.roles) ? <BlockList me={me} /> : <NotAllowed me={me} /> : gate.content}</div>
    </Page>
  );
}
