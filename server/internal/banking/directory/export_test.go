package directory

import "time"

// SetNow replaces the service's clock, for tests of the refresh.
func (s *Service) SetNow(now func() time.Time) { s.now = now }
