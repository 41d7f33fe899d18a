import { Alert } from './Alert';
import { Button } from './Button';

export interface LoadFailedProps {
  /** What could not be loaded, for example "Your passkeys could not be loaded". */
  title: string;
  message: string;
  onRetry: () => void;
}

/** Every page says a failed load the same way: what failed, why, and a "Try again" that asks once more. */
export function LoadFailed({ title, message, onRetry }: LoadFailedProps) {
  return (
    <Alert tone="error" title={title}>
      <p>{message}</p>
      <Button variant="secondary" onClick={() => onRetry()}>
        Try again
      </Button>
    </Alert>
  );
}
