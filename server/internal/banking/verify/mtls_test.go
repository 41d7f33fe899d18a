package verify_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"log"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/banking/verify"
)

// pemFiles are a client certificate and its key on disk, as VOUCH_VERIFY_CERT and
// VOUCH_VERIFY_KEY would name them.
type pemFiles struct{ cert, key string }

// clientCert makes a self-signed client certificate and returns it with its pool, for
// the server's ClientCAs.
func clientCert(t *testing.T, dir string) (pemFiles, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "vouch-test-client"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(t, err)
	cert, err := x509.ParseCertificate(der)
	require.NoError(t, err)
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	require.NoError(t, err)

	f := pemFiles{cert: filepath.Join(dir, "client.pem"), key: filepath.Join(dir, "client-key.pem")}
	writePEM(t, f.cert, "CERTIFICATE", der)
	writePEM(t, f.key, "PRIVATE KEY", keyDER)
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return f, pool
}

func writePEM(t *testing.T, path, typ string, der []byte) {
	t.Helper()
	require.NoError(t, os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600))
}

// mtlsVendor starts a TLS vendor that demands a client certificate from pool.
func mtlsVendor(t *testing.T, pool *x509.CertPool, dir string) (*httptest.Server, *fakeVendor, string) {
	t.Helper()
	f := &fakeVendor{handle: func(_ int, w http.ResponseWriter, r *http.Request) {
		if len(r.TLS.PeerCertificates) == 0 || r.TLS.PeerCertificates[0].Subject.CommonName != "vouch-test-client" {
			http.Error(w, "who are you", http.StatusForbidden)
			return
		}
		jsonAnswer(w, okBody)
	}}
	ts := httptest.NewUnstartedServer(f)
	ts.TLS = &tls.Config{ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: pool, MinVersion: tls.VersionTLS12}
	ts.Config.ErrorLog = log.New(io.Discard, "", 0) // refused handshakes are the point
	ts.StartTLS()
	t.Cleanup(ts.Close)
	ca := filepath.Join(dir, "vendor-ca.pem")
	writePEM(t, ca, "CERTIFICATE", ts.Certificate().Raw)
	return ts, f, ca
}

func TestHTTPMutualTLS(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	files, pool := clientCert(t, dir)
	ts, vendor, ca := mtlsVendor(t, pool, dir)

	t.Run("client certificate accepted", func(t *testing.T) {
		p, err := verify.NewHTTP(verify.Config{URL: ts.URL, CertFile: files.cert, KeyFile: files.key, CAFile: ca})
		require.NoError(t, err)
		a, err := p.Verify(t.Context(), request(planted))
		require.NoError(t, err)
		assert.Equal(t, "vnd_123", a.ProviderRef)
	})

	t.Run("no client certificate", func(t *testing.T) {
		before := vendor.Hits()
		p, err := verify.NewHTTP(verify.Config{URL: ts.URL, APIKey: secret("sk"), CAFile: ca, MaxAttempts: 1})
		require.NoError(t, err)
		_, err = p.Verify(t.Context(), request(planted))
		require.ErrorIs(t, err, verify.ErrNoAnswer)
		assert.Equal(t, before, vendor.Hits(), "the handshake fails before any request")
	})

	t.Run("vendor certificate not trusted", func(t *testing.T) {
		p, err := verify.NewHTTP(verify.Config{URL: ts.URL, CertFile: files.cert, KeyFile: files.key})
		require.NoError(t, err)
		s := &sleeper{}
		p.SetClock(nil, s.Sleep, nil)
		_, err = p.Verify(t.Context(), request(planted))
		require.ErrorIs(t, err, verify.ErrNoAnswer)
		assert.Contains(t, err.Error(), "certificate")
		assert.Empty(t, s.Waits(), "a certificate that fails now fails on retry too")
	})
}

func TestHTTPTLSFilesAreCheckedAtStart(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	files, _ := clientCert(t, dir)
	junk := filepath.Join(dir, "junk.pem")
	require.NoError(t, os.WriteFile(junk, []byte("not a pem"), 0o600))
	tests := []struct {
		name    string
		cfg     verify.Config
		setting string
	}{
		{"missing cert", verify.Config{CertFile: filepath.Join(dir, "nope.pem"), KeyFile: files.key}, "VOUCH_VERIFY_CERT"},
		{"key does not match", verify.Config{CertFile: files.cert, KeyFile: files.cert}, "VOUCH_VERIFY_CERT"},
		{"missing CA", verify.Config{CertFile: files.cert, KeyFile: files.key, CAFile: filepath.Join(dir, "nope.pem")}, "VOUCH_VERIFY_CA"},
		{"CA not PEM", verify.Config{CertFile: files.cert, KeyFile: files.key, CAFile: junk}, "VOUCH_VERIFY_CA"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.cfg.Provider, tt.cfg.URL = verify.ProviderHTTP, "https://verify.example.com"
			_, err := verify.New(tt.cfg)
			require.Error(t, err)
			var se *verify.SettingError
			require.ErrorAs(t, err, &se)
			assert.Equal(t, tt.setting, se.Setting)
		})
	}
}
