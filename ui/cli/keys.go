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

	"github.com/spf13/cobra"
	gossh "golang.org/x/crypto/ssh"
)

// maxKeyFile bounds a public key file; an authorized_keys line is far smaller.
const maxKeyFile = 64 << 10

func (a *App) keyAdd() *cobra.Command {
	var role, account string
	c := a.leaf(spec{use: "add --role ROLE [--account ID] PUBKEY_FILE", short: "Register an SSH public key (authorized_keys format) for a role",
		example: "  outreach key add --role seller --account s1 ~/.ssh/id_ed25519.pub\n  outreach key add --role agent support.pub",
		args:    exactArgs(1), write: true, required: []string{"role"}, probe: asAdmin,
		run: func(c *call) error {
			ad, err := c.p.Admin()
			if err != nil {
				return err
			}
			line, err := a.readPublicKey(c.args[0])
			if err != nil {
				return err
			}
			pk, comment, _, _, err := gossh.ParseAuthorizedKey(line)
			if err != nil {
				return usage("%s: not an SSH public key in authorized_keys format (%v); give the .pub file, e.g. ~/.ssh/id_ed25519.pub", model.Clip(safe(c.args[0]), 80), err)
			}
			k := store.Key{
				Fingerprint: gossh.FingerprintSHA256(pk), Role: role, Account: account, Comment: model.Clip(safe(comment), 200),
				PublicKey: strings.TrimSpace(string(gossh.MarshalAuthorizedKey(pk))), Added: c.p.Now(),
			}
			if k.Comment != "" {
				k.PublicKey += " " + k.Comment
			}
			if err := ad.AddKey(k); err != nil {
				if errors.Is(err, store.ErrDuplicateKey) {
					return usage("%v", err)
				}
				return err
			}
			return a.emit(keyJSON(&k), func(w io.Writer) {
				fmt.Fprintf(w, "key %s added for %s\n", safe(k.Fingerprint), safe(who(&k)))
			})
		}})
	c.Flags().StringVar(&role, "role", "", "seller, creator, agent or admin (required)")
	c.Flags().StringVar(&account, "account", "", "the seller or creator id (required for those roles)")
	return c
}

// readPublicKey reads the key file; over SSH the argument must be the key
// line itself (a session never reads files on the server).
func (a *App) readPublicKey(arg string) ([]byte, error) {
	if a.Remote || looksLikeKey(arg) {
		if !looksLikeKey(arg) {
			return nil, usage("over SSH give the public key line itself (quoted), not a file name")
		}
		return []byte(arg), nil
	}
	f, err := os.Open(arg)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, usage("public key file %s does not exist", model.Clip(model.SafeLine(arg), 200))
	}
	if err != nil {
		return nil, usage("public key file %s: %v", model.Clip(safe(arg), 200), errors.Unwrap(err))
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxKeyFile+1))
	if err != nil {
		return nil, usage("public key file %s: %v", model.Clip(model.SafeLine(arg), 200), err)
	}
	if len(b) > maxKeyFile {
		return nil, usage("public key file %s is larger than %d KiB: not a public key", model.Clip(model.SafeLine(arg), 200), maxKeyFile>>10)
	}
	if strings.Contains(string(b), "PRIVATE KEY") {
		return nil, usage("%s is a private key; give the public one (the .pub file)", model.Clip(model.SafeLine(arg), 200))
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
	if k.Account == "" {
		return k.Role
	}
	return k.Role + " " + k.Account
}

func keyJSON(k *store.Key) map[string]any {
	return map[string]any{"fingerprint": k.Fingerprint, "role": k.Role, "account": k.Account, "comment": model.SafeLine(k.Comment),
		"added": k.Added.UTC().Format(time.RFC3339)}
}

func (a *App) keyList() *cobra.Command {
	return a.leaf(spec{use: "list", short: "List registered SSH keys", example: "  outreach key list --json",
		args: exactArgs(0), probe: asAdmin,
		run: func(c *call) error {
			ad, err := c.p.Admin()
			if err != nil {
				return err
			}
			keys, err := ad.Keys()
			if err != nil {
				return err
			}
			for i := range keys {
				k := &keys[i]
				if err := a.emit(keyJSON(k), func(w io.Writer) {
					fmt.Fprintf(w, "%-52s %-8s %-12s %s  %s\n", safe(k.Fingerprint), safe(k.Role), safe(k.Account), k.Added.UTC().Format("2006-01-02"), model.Clip(safe(k.Comment), 40))
				}); err != nil {
					return err
				}
			}
			if len(keys) == 0 && !a.flags.json {
				fmt.Fprintln(a.Out, "no keys yet; add one with: outreach key add --role seller --account ID KEY.pub")
			}
			return nil
		}})
}

func (a *App) keyRemove() *cobra.Command {
	return a.leaf(spec{use: "remove FINGERPRINT", short: "Unregister an SSH key (see key list for fingerprints)", example: "  outreach key remove SHA256:abc...",
		args: exactArgs(1), write: true, probe: asAdmin,
		run: func(c *call) error {
			ad, err := c.p.Admin()
			if err != nil {
				return err
			}
			if err := ad.RemoveKey(c.args[0]); err != nil {
				return err
			}
			return a.emit(map[string]any{"fingerprint": c.args[0], "removed": true}, func(w io.Writer) {
				fmt.Fprintf(w, "key %s removed\n", safe(c.args[0]))
			})
		}})
}
