/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { swPrecache } from './build/sw-precache.ts';

// `npm run dev` proxies these to a running `vouch serve` (go tool task run listens on 8080).
const devServer = process.env.VOUCH_DEV_SERVER ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react(), swPrecache()],
  build: {
    // The polyfill is an inline <script>, which the server's CSP (script-src 'self') blocks;
    // every browser we support has modulepreload.
    modulePreload: { polyfill: false },
    target: 'es2022',
  },
  server: {
    proxy: Object.fromEntries(['/api', '/healthz', '/readyz'].map((path) => [path, devServer])),
  },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    restoreMocks: true,
  },
});
