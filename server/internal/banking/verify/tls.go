package verify

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
)

// tlsConfig loads the client certificate and CA for mTLS, or returns nil to keep Go's
// defaults. Files are read once, at start, so a missing file stops the deployment
// instead of the first verification.
func (c Config) tlsConfig() (*tls.Config, error) {
	if c.CertFile == "" && c.CAFile == "" {
		return nil, nil
	}
	// TLS 1.2 is the floor bank-data vendors and PCI accept; Go's defaults pick 1.3 when offered.
	t := &tls.Config{MinVersion: tls.VersionTLS12}
	var bad []error
	if c.CertFile != "" && c.KeyFile != "" {
		cert, err := tls.LoadX509KeyPair(c.CertFile, c.KeyFile)
		if err != nil {
			bad = append(bad, &SettingError{"VOUCH_VERIFY_CERT", fmt.Sprintf("load client certificate and key: %v", err)})
		} else {
			t.Certificates = []tls.Certificate{cert}
		}
	}
	if c.CAFile != "" {
		pem, err := os.ReadFile(c.CAFile)
		pool := x509.NewCertPool()
		switch {
		case err != nil:
			bad = append(bad, &SettingError{"VOUCH_VERIFY_CA", fmt.Sprintf("read: %v", err)})
		case !pool.AppendCertsFromPEM(pem):
			bad = append(bad, &SettingError{"VOUCH_VERIFY_CA", "no PEM certificate in " + c.CAFile})
		default:
			// Only the vendor's CA: a private vendor PKI should not be widened to every public CA.
			t.RootCAs = pool
		}
	}
	if len(bad) > 0 {
		return nil, errors.Join(bad...)
	}
	return t, nil
}
