import type { Ref } from 'react';
import { Alert, type AlertTone } from './Alert';

/** What a page's last action came to, for its notice region. */
export interface Notice {
  tone: AlertTone;
  title: string;
  message?: string;
}

export interface NoticeRegionProps {
  notice: Notice | undefined;
  ref?: Ref<HTMLDivElement>;
  /** Lets the page move focus here (tabIndex -1), say when the row that held it is gone. */
  focusable?: boolean;
}

/** The one live region a list page keeps mounted, so every notice it shows is announced (see Alert's `announce`). */
export function NoticeRegion({ notice, ref, focusable = false }: NoticeRegionProps) {
  return (
    <div aria-live="polite" ref={ref} tabIndex={focusable ? -1 : undefined}>
      {notice && (
        <Alert tone={notice.tone} title={notice.title} announce={false}>
          {notice.message && <p>{notice.message}</p>}
        </Alert>
      )}
    </div>
  );
}
