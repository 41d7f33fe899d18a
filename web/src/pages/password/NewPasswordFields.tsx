import type { Ref } from 'react';
import { TextField } from '../../components/TextField';
import { newPasswordLabels, passwordRules, type NewPasswordErrors, type NewPasswordField, type NewPasswordValues } from './newPassword';

export interface NewPasswordFieldsProps {
  values: NewPasswordValues;
  errors: NewPasswordErrors;
  onChange: (field: NewPasswordField, value: string) => void;
  nextRef?: Ref<HTMLInputElement>;
  confirmRef?: Ref<HTMLInputElement>;
}

/**
 * The new password and its confirmation, with the policy read out as the first field's
 * description: the same two fields wherever a password is chosen (a change, a reset).
 * autocomplete="new-password" lets password managers offer a generated one.
 */
export function NewPasswordFields({ values, errors, onChange, nextRef, confirmRef }: NewPasswordFieldsProps) {
  return (
    <>
      <TextField
        ref={nextRef}
        label={newPasswordLabels.next}
        name="new-password"
        type="password"
        autoComplete="new-password"
        description={passwordRules}
        value={values.next}
        onChange={(e) => onChange('next', e.target.value)}
        error={errors.next}
      />
      <TextField
        ref={confirmRef}
        label={newPasswordLabels.confirm}
        name="confirm-password"
        type="password"
        autoComplete="new-password"
        value={values.confirm}
        onChange={(e) => onChange('confirm', e.target.value)}
        error={errors.confirm}
      />
    </>
  );
}
