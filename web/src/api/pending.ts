/**
 * Endpoints that API.md promises but shared/openapi/openapi.json does not describe yet,
 * written by hand in openapi-typescript's shape so calls to them stay type-checked. Drop
 * an entry once `npm run gen:api` brings it in from the document.
 */

export interface LoginRequest {
  email: string;
  password: string;
}

/** `next` says what the person must do before the sign-in is complete. */
export interface LoginResult {
  user: { id: string; email: string };
  next: 'done' | 'change_password' | 'passkey';
}

interface NoParameters {
  query?: never;
  header?: never;
  path?: never;
  cookie?: never;
}

export interface pendingPaths {
  '/api/v1/auth/login': {
    parameters: NoParameters;
    get?: never;
    put?: never;
    post: {
      parameters: NoParameters;
      requestBody: { content: { 'application/json': LoginRequest } };
      responses: {
        200: { headers: { [name: string]: unknown }; content: { 'application/json': LoginResult } };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
