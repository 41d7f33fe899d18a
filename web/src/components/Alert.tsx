import type { ReactNode } from 'react';
import './Alert.css';

export type AlertTone = 'error' | 'success' | 'info';

export interface AlertProps {
  tone?: AlertTone;
  title?: string;
  children?: ReactNode;
}

/**
 * A message box. Errors use role="alert" so they are announced at once; other tones use
 * role="status", which waits for the screen reader to finish what it is saying.
 */
export function Alert({ tone = 'info', title, children }: AlertProps) {
  return (
    <div className={`alert alert--${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      {title && <p className="alert__title">{title}</p>}
      {children && <div className="alert__body">{children}</div>}
    </div>
  );
}
