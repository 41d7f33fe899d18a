import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { LoadFailed } from './LoadFailed';

describe('LoadFailed', () => {
  it('alerts with what failed and why, and retries on "Try again"', async () => {
    const onRetry = vi.fn();
    render(<LoadFailed title="Your passkeys could not be loaded" message="Vouch could not be reached." onRetry={onRetry} />);
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('Your passkeys could not be loaded');
    expect(alert).toHaveTextContent('Vouch could not be reached.');
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(onRetry).toHaveBeenCalledTimes(1);
    expect(onRetry).toHaveBeenCalledWith();
  });
});
