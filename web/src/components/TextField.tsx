import { useId, type ComponentPropsWithRef } from 'react';
import './TextField.css';

export interface TextFieldProps extends Omit<ComponentPropsWithRef<'input'>, 'aria-invalid' | 'aria-describedby'> {
  label: string;
  /** Help shown under the label, read out with the field. */
  description?: string;
  /** The field's error; when set the input is marked invalid and the text read with it. */
  error?: string | undefined;
}

/**
 * A labelled text input. The description and error are wired with aria-describedby, so
 * a screen reader reads them when the field takes focus, and aria-invalid flags the error.
 */
export function TextField({ label, description, error, id, className, ...input }: TextFieldProps) {
  const generated = useId();
  const inputId = id ?? generated;
  const descriptionId = description ? `${inputId}-description` : undefined;
  const errorId = error ? `${inputId}-error` : undefined;
  const describedBy = [descriptionId, errorId].filter(Boolean).join(' ') || undefined;

  return (
    <div className={['field', className].filter(Boolean).join(' ')}>
      <label className="field__label" htmlFor={inputId}>
        {label}
      </label>
      {description && (
        <p className="field__description" id={descriptionId}>
          {description}
        </p>
      )}
      <input
        {...input}
        id={inputId}
        className="field__input"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
      />
      {error && (
        <p className="field__error" id={errorId}>
          {error}
        </p>
      )}
    </div>
  );
}
