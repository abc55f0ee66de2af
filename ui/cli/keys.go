package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"time"

	"outreach/model"
	"outreach/store"
	"outreach/ui/cli/clio"

	"github.com/spf13/cobra"
	gossh "golang.org/x/crypto/ssh"
)

// maxKeyFile bounds a public key file; an authorized_keys line is far smaller.
const maxKeyFile = 64 << 10

func (a *App) keyAdd() *cobra.Command {
	var role, account string
	var readOnly bool
	c := a.kit.Leaf(clio.Spec{Use: "add --role ROLE [--account ID] [--read-only] PUBKEY_FILE", Short: "Register an SSH public key (authorized_keys format) for a role",
		Example: "  outreach key add --role seller --account s1 ~/.ssh/id_ed25519.pub\n  outreach key add --role agent support.pub\n  outreach key add --role seller --account s1 --read-only demo.pub",
		Args:    clio.ExactArgs(1), Write: true, Required: []string{"role"}, Probe: clio.AsAdmin,
		Run: func(c *clio.Call) error {
			ad, err := c.P.Admin()
			if err != nil {
				return err
			}
			line, err := a.readPublicKey(c.Args[0])
			if err != nil {
				return err
			}
			pk, comment, _, _, err := gossh.ParseAuthorizedKey(line)
			if err != nil {
				return clio.Usage("%s: not an SSH public key in authorized_keys format (%v); give the .pub file, e.g. ~/.ssh/id_ed25519.pub", model.Clip(clio.Safe(c.Args[0]), 80), err)
			}
			k := store.Key{
				Fingerprint: gossh.FingerprintSHA256(pk), Role: role, Account: account, Comment: model.Clip(clio.Safe(comment), 200),
				PublicKey: strings.TrimSpace(string(gossh.MarshalAuthorizedKey(pk))), Added: c.P.Now(), ReadOnly: readOnly,
			}
			if k.Comment != "" {
				k.PublicKey += " " + k.Comment
			}
			if err := ad.AddKey(k); err != nil {
				if errors.Is(err, store.ErrDuplicateKey) {
					return clio.Usage("%v", err)
				}
				return err
			}
			return a.kit.Emit(keyJSON(&k), func(w io.Writer) {
				fmt.Fprintf(w, "key %s added for %s\n", clio.Safe(k.Fingerprint), clio.Safe(who(&k)))
			})
		}})
	c.Flags().StringVar(&role, "role", "", "seller, creator, agent or admin (required)")
	c.Flags().StringVar(&account, "account", "", "the seller or creator id (required for those roles)")
	c.Flags().BoolVar(&readOnly, "read-only", false, "the key's sessions see every screen and change nothing (for demos and support)")
	return c
}

// readPublicKey reads the key file; over SSH the argument must be the key
// line itself (a session never reads files on the server).
func (a *App) readPublicKey(arg string) ([]byte, error) {
	if a.Remote || looksLikeKey(arg) {
		if !looksLikeKey(arg) {
			return nil, clio.Usage("over SSH give the public key line itself (quoted), not a file name")
		}
		return []byte(arg), nil
	}
	f, err := os.Open(arg)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, clio.Usage("public key file %s does not exist", model.Clip(model.SafeLine(arg), 200))
	}
	if err != nil {
		return nil, clio.Usage("public key file %s: %v", model.Clip(clio.Safe(arg), 200), errors.Unwrap(err))
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxKeyFile+1))
	if err != nil {
		return nil, clio.Usage("public key file %s: %v", model.Clip(model.SafeLine(arg), 200), err)
	}
	if len(b) > maxKeyFile {
		return nil, clio.Usage("public key file %s is larger than %d KiB: not a public key", model.Clip(model.SafeLine(arg), 200), maxKeyFile>>10)
	}
	if strings.Contains(string(b), "PRIVATE KEY") {
		return nil, clio.Usage("%s is a private key; give the public one (the .pub file)", model.Clip(model.SafeLine(arg), 200))
	}
	return b, nil
}

func looksLikeKey(s string) bool {
	for _, p := range []string{"ssh-", "ecdsa-", "sk-"} {
		if strings.HasPrefix(s, p) && strings.Contains(s, " ") {
			return true
		}
	}
	return false
}

func who(k *store.Key) string {
	s := k.Role
	if k.Account != "" {
		s += " " + k.Account
	}
	if k.ReadOnly {
		s += " (read-only)"
	}
	return s
}

func keyJSON(k *store.Key) map[string]any {
	return map[string]any{"fingerprint": k.Fingerprint, "role": k.Role, "account": k.Account, "comment": model.SafeLine(k.Comment),
		"added": k.Added.UTC().Format(time.RFC3339), "read_only": k.ReadOnly}
}

func (a *App) keyList() *cobra.Command {
	return a.kit.Leaf(clio.Spec{Use: "list", Short: "List registered SSH keys", Example: "  outreach key list --json",
		Args: clio.ExactArgs(0), Probe: clio.AsAdmin,
		Run: func(c *clio.Call) error {
			ad, err := c.P.Admin()
			if err != nil {
				return err
			}
			keys, err := ad.Keys()
			if err != nil {
				return err
			}
			if err := clio.EmitEachAs(a.kit, keys, func(k *store.Key) any { return keyJSON(k) }, func(w io.Writer, k *store.Key) {
				ro := ""
				if k.ReadOnly {
					ro = "  read-only"
				}
				fmt.Fprintf(w, "%-52s %-8s %-12s %s  %s%s\n", clio.Safe(k.Fingerprint), clio.Safe(k.Role), clio.Safe(k.Account), k.Added.UTC().Format("2006-01-02"), model.Clip(clio.Safe(k.Comment), 40), ro)
			}); err != nil {
				return err
			}
			if len(keys) == 0 && !a.kit.JSON {
				fmt.Fprintln(a.Out, "no keys yet; add one with: outreach key add --role seller --account ID KEY.pub")
			}
			return nil
		}})
}

func (a *App) keyRemove() *cobra.Command {
	return a.kit.Leaf(clio.Spec{Use: "remove FINGERPRINT", Short: "Unregister an SSH key (see key list for fingerprints)", Example: "  outreach key remove SHA256:abc...",
		Args: clio.ExactArgs(1), Write: true, Probe: clio.AsAdmin,
		Run: func(c *clio.Call) error {
			ad, err := c.P.Admin()
			if err != nil {
				return err
			}
			if err := ad.RemoveKey(c.Args[0]); err != nil {
				return err
			}
			return a.kit.Emit(map[string]any{"fingerprint": c.Args[0], "removed": true}, func(w io.Writer) {
				fmt.Fprintf(w, "key %s removed\n", clio.Safe(c.Args[0]))
			})
		}})
}
