import { useEffect, type ReactNode, type Ref } from 'react';

export interface PageProps {
  /** The page's main heading; also the first part of the document title. */
  title: string;
  /** A document title to use instead of "<title> · Vouch" (the landing page's). */
  documentTitle?: string;
  /** For a page that moves focus to its heading itself (when its content changes in place). */
  headingRef?: Ref<HTMLHeadingElement>;
  children: ReactNode;
}

/**
 * Gives every page a document title ("Sign in · Vouch") and one h1. The heading takes
 * focus from script after a navigation (see Layout), so it has tabIndex -1.
 */
export function Page({ title, documentTitle, headingRef, children }: PageProps) {
  useEffect(() => {
    document.title = documentTitle ?? `${title} · Vouch`;
  }, [title, documentTitle]);
  return (
    <div className="page">
      <h1 ref={headingRef} tabIndex={-1}>
        {title}
      </h1>
      {children}
    </div>
  );
}
