import { useCallback, useRef, useState, type ReactNode } from 'react';
import { ApiError } from '../api/problem';
import { StepUpDialog } from './StepUpDialog';

/** The person closed the "Confirm it's you" dialog without confirming: the action did not run. */
export class StepUpCancelled extends Error {
  constructor() {
    super('step-up cancelled');
    this.name = 'StepUpCancelled';
  }
}

/** Whether a failed call asks for a step-up first (403 step_up_required). */
export function isStepUpRequired(err: unknown): boolean {
  return err instanceof ApiError && err.status === 403 && err.code === 'step_up_required';
}

export interface StepUp {
  /**
   * Runs the action; when the server answers step_up_required, asks the person to
   * confirm it's them and then runs it once more. Throws StepUpCancelled when they
   * close the dialog, and whatever the action throws otherwise.
   */
  withStepUp: <T>(action: () => Promise<T>) => Promise<T>;
  /** The dialog; render it once in the page that uses withStepUp. */
  dialog: ReactNode;
}

/**
 * Sensitive changes (API keys, passkeys, bank accounts) need a recent step-up
 * (docs/decisions/0017). Pages wrap such calls in withStepUp and render `dialog`.
 */
export function useStepUp(): StepUp {
  const [open, setOpen] = useState(false);
  const settle = useRef<(ok: boolean) => void>(undefined);

  const withStepUp = useCallback(async <T,>(action: () => Promise<T>): Promise<T> => {
    try {
      return await action();
    } catch (err) {
      if (!isStepUpRequired(err)) throw err;
    }
    const ok = await new Promise<boolean>((resolve) => {
      settle.current = resolve;
      setOpen(true);
    });
    if (!ok) throw new StepUpCancelled();
    return action();
  }, []);

  const done = useCallback((ok: boolean) => {
    setOpen(false);
    settle.current?.(ok);
    settle.current = undefined;
  }, []);

  return { withStepUp, dialog: <StepUpDialog open={open} onDone={done} /> };
}
