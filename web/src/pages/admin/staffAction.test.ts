import { toStaffAction, validateStaffAction } from './staffAction';

describe('validateStaffAction', () => {
  it('requires a reason', () => {
    expect(validateStaffAction({ reason: '', method: '', note: '' })).toEqual({ reason: 'Enter a reason: it goes into the audit log.' });
    expect(validateStaffAction({ reason: '   \n ', method: '', note: '' }).reason).toBeDefined();
  });

  it('accepts a reason alone: verification is optional', () => {
    expect(validateStaffAction({ reason: 'Phishing report', method: '', note: '' })).toEqual({});
    expect(validateStaffAction({ reason: 'User asked', method: 'callback', note: '' })).toEqual({});
  });

  it('wants a method when a note is given', () => {
    expect(validateStaffAction({ reason: 'User asked', method: '', note: 'ticket 42' })).toEqual({
      method: 'Choose how you verified the request, or clear the note.',
    });
  });

  it('caps the reason and the note at 1,000 characters', () => {
    const long = 'x'.repeat(1001);
    expect(validateStaffAction({ reason: long, method: 'ticket', note: long })).toEqual({
      reason: 'Keep the reason to 1,000 characters or fewer.',
      note: 'Keep the note to 1,000 characters or fewer.',
    });
  });
});

describe('toStaffAction', () => {
  it('sends the trimmed reason, and verified_by only with a method', () => {
    expect(toStaffAction({ reason: ' Phished ', method: '', note: '' })).toEqual({ reason: 'Phished' });
    expect(toStaffAction({ reason: 'Asked', method: 'ticket', note: ' T-42 ' })).toEqual({
      reason: 'Asked',
      verified_by: { method: 'ticket', note: 'T-42' },
    });
    expect(toStaffAction({ reason: 'Asked', method: 'in_person', note: '' })).toEqual({
      reason: 'Asked',
      verified_by: { method: 'in_person' },
    });
  });
});
