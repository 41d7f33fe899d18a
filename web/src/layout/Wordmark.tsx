import { Link } from 'react-router';

/** The Vouch mark and name, linking home. The mark is decoration; the name is the text. */
export function Wordmark() {
  return (
    <Link to="/" className="wordmark">
      <svg className="wordmark__mark" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
        <rect width="32" height="32" rx="8" className="wordmark__tile" />
        <path d="M8.5 16.5l5 5 10-11" className="wordmark__check" />
      </svg>
      <span className="wordmark__name">Vouch</span>
    </Link>
  );
}
