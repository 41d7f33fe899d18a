import { useId, type ComponentPropsWithRef } from 'react';
import './TextField.css';

export interface TextAreaFieldProps
  extends Omit<ComponentPropsWithRef<'textarea'>, 'aria-invalid' | 'aria-describedby'> {
  label: string;
  /** Help shown under the label, read out with the field. */
  description?: string;
  /** The field's error; when set the field is marked invalid and the text read with it. */
  error?: string | undefined;
}

/** A labelled multi-line text field, wired like TextField. */
export function TextAreaField({ label, description, error, id, className, rows = 3, ...textarea }: TextAreaFieldProps) {
  const generated = useId();
  const fieldId = id ?? generated;
  const descriptionId = description ? `${fieldId}-description` : undefined;
  const errorId = error ? `${fieldId}-error` : undefined;
  const describedBy = [descriptionId, errorId].filter(Boolean).join(' ') || undefined;

  return (
    <div className={['field', className].filter(Boolean).join(' ')}>
      <label className="field__label" htmlFor={fieldId}>
        {label}
      </label>
      {description && (
        <p className="field__description" id={descriptionId}>
          {description}
        </p>
      )}
      <textarea
        {...textarea}
        id={fieldId}
        rows={rows}
        className="field__input field__input--multiline"
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
