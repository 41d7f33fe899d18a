/**
 * One Idempotency-Key per thing a form creates: the same details sent again (the user
 * presses the button once more after a lost answer) reuse the key, so the server answers
 * with what the first request created instead of creating it twice; changed details get
 * a new key. Start a new SubmissionKey once the thing is created.
 */
export class SubmissionKey {
  private body = '';
  private key = '';

  /** The key for sending `input`: the previous one while the input is unchanged. */
  keyFor(input: unknown): string {
    const body = JSON.stringify(input);
    if (!this.key || body !== this.body) {
      this.body = body;
      this.key = crypto.randomUUID();
    }
    return this.key;
  }
}
