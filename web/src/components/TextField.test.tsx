import { render, screen } from '@testing-library/react';
import { TextField } from './TextField';

describe('TextField', () => {
  it('labels the input and leaves it valid without an error', () => {
    render(<TextField label="Email address" />);
    const input = screen.getByLabelText('Email address');
    expect(input).not.toHaveAttribute('aria-invalid');
    expect(input).not.toHaveAttribute('aria-describedby');
  });

  it('reads the description with the field', () => {
    render(<TextField label="Email address" description="The one your invitation went to." />);
    expect(screen.getByLabelText('Email address')).toHaveAccessibleDescription('The one your invitation went to.');
  });

  it('marks the field invalid and reads the error after the description', () => {
    render(<TextField label="Email address" description="Work email." error="Enter your email address." />);
    const input = screen.getByLabelText('Email address');
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(input).toHaveAccessibleDescription('Work email. Enter your email address.');
    expect(screen.getByText('Enter your email address.')).toBeVisible();
  });

  it('keeps a given id so outside labels and tests can point at it', () => {
    render(<TextField id="email" label="Email address" error="Wrong." />);
    expect(screen.getByLabelText('Email address')).toHaveAttribute('aria-describedby', 'email-error');
  });
});
