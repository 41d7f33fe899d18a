import '@testing-library/jest-dom/vitest';
import { configure } from '@testing-library/react';

// findBy… and waitFor give up after 1 s by default; on a loaded 2-core CI machine a page
// that renders after two fake requests can take longer. A wait that is met returns at once.
configure({ asyncUtilTimeout: 5000 });

// Testing Library unmounts after each test by itself (vitest globals); the theme lives
// outside React, so reset it too: every test starts with no stored or pinned theme.
afterEach(() => {
  localStorage.clear();
  document.documentElement.removeAttribute('data-theme');
});

// jsdom has no matchMedia; a light-scheme stand-in with just what theme.ts uses.
window.matchMedia = (query: string) =>
  ({
    matches: false,
    media: query,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
  }) as unknown as MediaQueryList;

// jsdom has no <dialog> behaviour: a stand-in for what the pages use. showModal opens it,
// Escape cancels it (a cancelable "cancel", then close), close fires "close".
if (typeof HTMLDialogElement.prototype.showModal !== 'function') {
  const onEscape = (event: KeyboardEvent) => {
    const dialog = event.currentTarget as HTMLDialogElement;
    if (event.key !== 'Escape' || !dialog.open) return;
    if (dialog.dispatchEvent(new Event('cancel', { cancelable: true }))) dialog.close();
  };
  HTMLDialogElement.prototype.show = function show(this: HTMLDialogElement) {
    this.setAttribute('open', '');
  };
  HTMLDialogElement.prototype.showModal = function showModal(this: HTMLDialogElement) {
    if (this.open) throw new DOMException('The dialog is already open.', 'InvalidStateError');
    this.setAttribute('open', '');
    this.addEventListener('keydown', onEscape);
  };
  HTMLDialogElement.prototype.close = function close(this: HTMLDialogElement, returnValue?: string) {
    if (!this.open) return;
    this.removeAttribute('open');
    this.removeEventListener('keydown', onEscape);
    if (returnValue !== undefined) this.returnValue = returnValue;
    this.dispatchEvent(new Event('close'));
  };
}
