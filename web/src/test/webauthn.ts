import { vi, type Mock } from 'vitest';

/** Bytes of a string as an ArrayBuffer, as WebAuthn hands them over. */
export function bytes(text: string): ArrayBuffer {
  const encoded = new TextEncoder().encode(text);
  const buffer = new ArrayBuffer(encoded.byteLength);
  new Uint8Array(buffer).set(encoded);
  return buffer;
}

/** "abc" in base64url, no padding. */
export function b64url(text: string): string {
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** What navigator.credentials.create() gives for a new passkey. */
export function fakeAttestation(id = 'cred-1') {
  return {
    id: b64url(id),
    rawId: bytes(id),
    type: 'public-key',
    authenticatorAttachment: 'platform',
    response: { clientDataJSON: bytes('{"type":"webauthn.create"}'), attestationObject: bytes('attestation'), getTransports: () => ['internal'] },
    getClientExtensionResults: () => ({}),
  };
}

/** What navigator.credentials.get() gives for a passkey assertion. */
export function fakeAssertion(id = 'cred-1') {
  return {
    id: b64url(id),
    rawId: bytes(id),
    type: 'public-key',
    authenticatorAttachment: 'platform',
    response: {
      clientDataJSON: bytes('{"type":"webauthn.get"}'),
      authenticatorData: bytes('authdata'),
      signature: bytes('signature'),
      userHandle: bytes('user-1'),
    },
    getClientExtensionResults: () => ({}),
  };
}

export const creationOptions = {
  publicKey: {
    challenge: b64url('register-challenge'),
    rp: { id: 'localhost', name: 'Vouch' },
    user: { id: b64url('user-1'), name: 'ada@acme.example', displayName: 'Ada Lovelace' },
    pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    timeout: 300000,
  },
};

export const requestOptions = {
  publicKey: { challenge: b64url('login-challenge'), rpId: 'localhost', userVerification: 'required', timeout: 300000 },
};

/** A DOMException as the browser throws it (NotAllowedError when the person cancels). */
export function domError(name: string, message = name): DOMException {
  return new DOMException(message, name);
}

export interface FakeWebAuthn {
  create: Mock<(options: CredentialCreationOptions) => Promise<unknown>>;
  get: Mock<(options: CredentialRequestOptions) => Promise<unknown>>;
}

/**
 * Gives jsdom a WebAuthn API: window.PublicKeyCredential (with conditional mediation as
 * asked) and navigator.credentials whose create/get are mocks. Undone by removeWebAuthn().
 */
export function installWebAuthn({ conditional = false } = {}): FakeWebAuthn {
  const fake: FakeWebAuthn = { create: vi.fn<FakeWebAuthn['create']>(), get: vi.fn<FakeWebAuthn['get']>() };
  function PublicKeyCredential() {
    /* a constructor the page only detects */
  }
  PublicKeyCredential.isConditionalMediationAvailable = () => Promise.resolve(conditional);
  vi.stubGlobal('PublicKeyCredential', PublicKeyCredential);
  Object.defineProperty(navigator, 'credentials', { configurable: true, value: fake });
  return fake;
}

export function removeWebAuthn(): void {
  vi.unstubAllGlobals();
  Reflect.deleteProperty(navigator, 'credentials');
}

/** A get() that waits until its request is aborted, then rejects as the browser does. */
export function waitsUntilAborted(options: CredentialRequestOptions): Promise<never> {
  return new Promise((_, reject) => {
    options.signal?.addEventListener('abort', () => reject(domError('AbortError')));
  });
}
