import type { ReactNode } from 'react';
import './Alert.css';

export type AlertTone = 'error' | 'success' | 'info';

export interface AlertProps {
  tone?: AlertTone;
  title?: string;
  children?: ReactNode;
  /**
   * False inside a live region the page keeps mounted (a message that appears in a
   * region that already exists is announced more reliably than a new region).
   */
  announce?: boolean;
}

/**
 * A message box. Errors use role="alert" so they are announced at once; other tones use
 * role="status", which waits for the screen reader to finish what it is saying.
 */
export function Alert({ tone = 'info', title, children, announce = true }: AlertProps) {
  const role = announce ? (tone === 'error' ? 'alert' : 'status') : undefined;
  return (
    <div className={`alert alert--${tone}`} role={role}>
      {title && <p className="alert__title">{title}</p>}
      {children && <div className="alert__body">{children}</div>}
    </div>
  );
}
