// ESLint flat config: typescript-eslint (type-aware), React hooks rules and jsx-a11y for
// the app; Node globals for the build, e2e and scripts; service-worker globals for sw.js.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['dist', 'node_modules', 'test-results', 'playwright-report', 'src/api/schema.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
    ...jsxA11y.flatConfigs.strict,
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks, 'jsx-a11y': jsxA11y },
    rules: { ...reactHooks.configs.flat.recommended.rules, ...jsxA11y.flatConfigs.strict.rules },
  },
  {
    files: ['*.{js,ts}', 'build/**', 'e2e/**', 'scripts/**'],
    languageOptions: { globals: globals.node },
  },
  {
    // Specs must take `test` and `expect` from the fixtures, which add the axe and CSP
    // checks to every test; importing them from Playwright directly would skip those.
    files: ['e2e/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: '@playwright/test', message: "Import test and expect from './fixtures'.", allowTypeImports: true },
          ],
        },
      ],
    },
  },
  {
    // Plain JavaScript outside every tsconfig: linted without type information.
    files: ['eslint.config.js', 'public/sw.js'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    // A classic worker script (importScripts), not a module.
    files: ['public/sw.js'],
    languageOptions: { globals: globals.serviceworker, sourceType: 'script' },
  },
);
