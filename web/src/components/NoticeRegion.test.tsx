import { render, screen } from '@testing-library/react';
import { createRef } from 'react';
import { NoticeRegion } from './NoticeRegion';

describe('NoticeRegion', () => {
  it('is a polite live region that stays mounted without a notice', () => {
    const { container } = render(<NoticeRegion notice={undefined} />);
    const region = container.firstElementChild;
    expect(region).toHaveAttribute('aria-live', 'polite');
    expect(region).toBeEmptyDOMElement();
    expect(region).not.toHaveAttribute('tabindex');
  });

  it('shows the notice without a role of its own, so the region announces it', () => {
    render(<NoticeRegion notice={{ tone: 'success', title: 'Key revoked', message: 'Systems using it are refused.' }} />);
    expect(screen.getByText('Key revoked')).toBeVisible();
    expect(screen.getByText('Systems using it are refused.')).toBeVisible();
    expect(screen.queryByRole('status')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('leaves out the message paragraph when there is none', () => {
    const { container } = render(<NoticeRegion notice={{ tone: 'error', title: 'Not removed' }} />);
    expect(container.querySelector('.alert__body')).toBeNull();
  });

  it('takes focus through its ref when focusable', () => {
    const ref = createRef<HTMLDivElement>();
    render(<NoticeRegion notice={undefined} ref={ref} focusable />);
    expect(ref.current).toHaveAttribute('tabindex', '-1');
    ref.current?.focus();
    expect(ref.current).toHaveFocus();
  });
});
