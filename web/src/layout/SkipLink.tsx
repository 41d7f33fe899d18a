import type { MouseEvent } from 'react';

/**
 * The first stop for keyboard users: jumps past the header to the main content. Focus is
 * moved by script so the URL keeps no #main fragment and the router is not involved.
 */
export function SkipLink({ target }: { target: string }) {
  function skip(event: MouseEvent<HTMLAnchorElement>) {
    const main = document.getElementById(target);
    if (!main) return;
    event.preventDefault();
    main.focus();
  }
  return (
    <a className="skip-link" href={`#${target}`} onClick={skip}>
      Skip to content
    </a>
  );
}
