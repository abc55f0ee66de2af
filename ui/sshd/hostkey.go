package sshd

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	gossh "golang.org/x/crypto/ssh"
)

// loadOrCreateHostKey reads the host key at path, or creates an ed25519 key
// there (mode 0600, with a .pub beside it) so the host key survives
// restarts and clients keep trusting it.
func loadOrCreateHostKey(path string) (gossh.Signer, error) {
	if path == "" {
		return nil, errors.New("sshd: no host key path")
	}
	b, err := os.ReadFile(path)
	if err == nil {
		s, err := gossh.ParsePrivateKey(b)
		if err != nil {
			return nil, fmt.Errorf("host key %s: %w", path, err)
		}
		return s, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("host key: %w", err)
	}
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("host key: %w", err)
	}
	block, err := gossh.MarshalPrivateKey(priv, "outreach host key")
	if err != nil {
		return nil, fmt.Errorf("host key: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("host key: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("host key: %w", err)
	}
	if _, err := f.Write(pem.EncodeToMemory(block)); err != nil {
		f.Close()
		return nil, fmt.Errorf("host key %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return nil, fmt.Errorf("host key %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("host key %s: %w", path, err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		return nil, err
	}
	_ = os.WriteFile(path+".pub", gossh.MarshalAuthorizedKey(s.PublicKey()), 0o644)
	return s, nil
}

func fingerprint(k gossh.PublicKey) string { return gossh.FingerprintSHA256(k) }
