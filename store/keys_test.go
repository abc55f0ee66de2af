package store

import (
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"strings"
	"testing"

	"outreach/model"

	gossh "golang.org/x/crypto/ssh"
)

// newPub returns a fresh ed25519 public key: its fingerprint and authorized_keys line.
func newPub(t *testing.T) (string, string) {
	t.Helper()
	pub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	pk, err := gossh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return gossh.FingerprintSHA256(pk), strings.TrimSpace(string(gossh.MarshalAuthorizedKey(pk)))
}

func ruleAddKeyRules(t *testing.T, openTest opener) {
	s := openTest(t, Options{})
	seed(t, s, "s1", 0, 1) // seller s1, creator c0
	fpSeller, lineSeller := newPub(t)
	fpOther, _ := newPub(t)
	tests := []struct {
		name string
		key  Key
		want error
	}{
		{"seller ok", Key{Fingerprint: fpSeller, Role: RoleSeller, Account: "s1", PublicKey: lineSeller, Comment: "me@laptop"}, nil},
		{"duplicate", Key{Fingerprint: fpSeller, Role: RoleSeller, Account: "s1"}, ErrDuplicateKey},
		{"bad role", Key{Fingerprint: fpOther, Role: "root"}, model.ErrInvalid},
		{"seller needs account", Key{Fingerprint: fpOther, Role: RoleSeller}, model.ErrInvalid},
		{"unknown seller", Key{Fingerprint: fpOther, Role: RoleSeller, Account: "nope"}, model.ErrNotFound},
		{"unknown creator", Key{Fingerprint: fpOther, Role: RoleCreator, Account: "s1"}, model.ErrNotFound},
		{"agent with account", Key{Fingerprint: fpOther, Role: RoleAgent, Account: "s1"}, model.ErrInvalid},
		{"bad fingerprint", Key{Fingerprint: "MD5:aa", Role: RoleAdmin}, model.ErrInvalid},
		{"line does not match", Key{Fingerprint: fpOther, Role: RoleAdmin, PublicKey: lineSeller}, model.ErrInvalid},
		{"creator ok", Key{Fingerprint: fpOther, Role: RoleCreator, Account: "c0"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := s.AddKey(tt.key)
			if tt.want == nil && err != nil || tt.want != nil && !errors.Is(err, tt.want) {
				t.Fatalf("AddKey: got %v, want %v", err, tt.want)
			}
		})
	}
	keys, err := s.ListKeys()
	if err != nil || len(keys) != 2 {
		t.Fatalf("ListKeys = %d keys, %v; want 2", len(keys), err)
	}
	k, ok, err := s.KeyByFingerprint(fpSeller)
	if err != nil || !ok || k.Role != RoleSeller || k.Account != "s1" || k.Comment != "me@laptop" || k.Added.IsZero() || k.PublicKey != lineSeller {
		t.Fatalf("KeyByFingerprint = %+v %v %v", k, ok, err)
	}
	if _, ok, _ := s.KeyByFingerprint("SHA256:missing"); ok {
		t.Fatal("found a key never added")
	}
}

func ruleRemoveKeyAudited(t *testing.T, openTest opener) {
	s := openTest(t, Options{})
	fp, line := newPub(t)
	if err := s.AddKey(Key{Fingerprint: fp, Role: RoleAdmin, PublicKey: line, AddedBy: "admin:"}); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveKey(fp); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveKey(fp); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("second RemoveKey = %v, want ErrNotFound", err)
	}
	if _, ok, _ := s.KeyByFingerprint(fp); ok {
		t.Fatal("key still there after RemoveKey")
	}
	es, err := s.Audit(0)
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 2 || es[0].Action != "key-remove" || es[1].Action != "key-add" || es[1].Actor != "admin:" || !strings.Contains(es[0].Detail, fp) {
		t.Fatalf("audit = %+v", es)
	}
}
