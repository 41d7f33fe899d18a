import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { createApiClient } from './api/client';
import { ApiProvider } from './api/context';
import { App } from './App';
import { SessionProvider } from './session/session';
import { registerServiceWorker } from './sw-register';
import { applyTheme, storedTheme } from './theme/theme';
import './styles/tokens.css';
import './styles/base.css';

// Before the first render, so a picked theme does not flash the system one.
applyTheme(storedTheme());

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <ApiProvider client={createApiClient()}>
      <SessionProvider>
        <BrowserRouter>
          <App />
        </BrowserRouter>
      </SessionProvider>
    </ApiProvider>
  </StrictMode>,
);

// Development serves modules that change on every edit; caching them would only confuse.
if (import.meta.env.PROD) registerServiceWorker();
