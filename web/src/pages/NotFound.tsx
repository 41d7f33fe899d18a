import { Link } from 'react-router';
import { Page } from '../layout/Page';

/** Any client route that does not exist. The server answers 200 with the app for these. */
export function NotFound() {
  return (
    <Page title="Page not found">
      <p>There is no page at this address. It may have moved, or the link may be mistyped.</p>
      <p>
        <Link to="/">Go to the home page</Link>
      </p>
    </Page>
  );
}
