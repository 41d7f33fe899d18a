import { useEffect, useRef, useState } from 'react';

/**
 * The "ask first, then act" pattern of list rows (remove a passkey, sign out a session,
 * revoke a key): `ask` shows the question, `act` runs the action once, and focus follows
 * the question — onto the confirm button when it appears, back to the trigger when the
 * person changes their mind or the action fails.
 */
export function useConfirmedAction(action: () => Promise<boolean>) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const firstRender = useRef(true);

  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    (confirming ? confirmRef : triggerRef).current?.focus();
  }, [confirming]);

  async function act() {
    if (busy) return;
    setBusy(true);
    // A successful action removes the row; only a failure comes back to this state.
    if (!(await action())) {
      setBusy(false);
      setConfirming(false);
    }
  }

  return {
    confirming,
    busy,
    confirmRef,
    triggerRef,
    ask: () => setConfirming(true),
    cancel: () => setConfirming(false),
    act,
  };
}
