import type { ComponentPropsWithRef } from 'react';
import { Link, type LinkProps } from 'react-router';
import './Button.css';

export type ButtonVariant = 'primary' | 'secondary';

function buttonClass(variant: ButtonVariant, extra: string | undefined): string {
  return ['button', `button--${variant}`, extra].filter(Boolean).join(' ');
}

export interface ButtonProps extends ComponentPropsWithRef<'button'> {
  variant?: ButtonVariant;
}

/**
 * A native button. It defaults to type="button" so a button inside a form never submits
 * by accident; pass type="submit" when it should. A busy state is left to the caller
 * (aria-busy, label text) rather than `disabled`, which would throw keyboard focus away.
 */
export function Button({ variant = 'primary', className, type = 'button', ...rest }: ButtonProps) {
  return <button {...rest} type={type} className={buttonClass(variant, className)} />;
}

export interface ButtonLinkProps extends LinkProps {
  variant?: ButtonVariant;
}

/** A router link that looks like a button: navigation stays a link for assistive tech. */
export function ButtonLink({ variant = 'primary', className, ...rest }: ButtonLinkProps) {
  return <Link {...rest} className={buttonClass(variant, className)} />;
}
