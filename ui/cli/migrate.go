package cli

import (
	"errors"
	"fmt"
	"io"

	"outreach/model"
	"outreach/store"
	"outreach/ui/cli/clio"

	"github.com/spf13/cobra"
)

// migrateCmd is `outreach migrate --from A --to B`: copy a store between a
// bbolt file and an etcd cluster (either way), then verify the copy bucket
// by bucket (record count and checksum). Without --to it prints the
// source's counts and checksums and writes nothing.
func (a *App) migrateCmd() *cobra.Command {
	var from, to string
	var force bool
	c := &cobra.Command{
		Use:   "migrate --from FILE|etcd://... [--to etcd://...|FILE] [--force]",
		Short: "Copy the store between a file and an etcd cluster, verified (stop the servers first)",
		Example: "  outreach migrate --from ~/.local/share/outreach/outreach.db --to etcd://10.0.0.1:2379,10.0.0.2:2379\n" +
			"  outreach migrate --from etcd://10.0.0.1:2379 --to outreach-copy.db\n" +
			"  outreach migrate --from outreach.db          # counts and checksums only",
		Args: clio.ExactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if a.Principal != nil { // a door's identity: files of this machine are the operator's
				if _, err := a.Principal.Admin(); err != nil {
					return err
				}
			}
			if from == "" {
				return clio.Usage("--from is required (see %s --help)", cmd.CommandPath())
			}
			var rep store.MigrateReport
			var err error
			if to == "" {
				rep.From = from
				rep.Buckets, err = store.Sums(from)
			} else {
				rep, err = store.Migrate(from, to, force)
			}
			switch {
			case errors.Is(err, store.ErrMissing), errors.Is(err, store.ErrTargetNotEmpty):
				return &clio.StatusError{Code: clio.ExitUsage, Err: err}
			case err != nil:
				return err
			}
			return a.kit.Emit(rep, func(w io.Writer) {
				if to != "" {
					fmt.Fprintf(w, "copied %s to %s; verified:\n", model.SafeLine(from), model.SafeLine(to))
				}
				for _, b := range rep.Buckets {
					fmt.Fprintf(w, "  %-20s %8d records  sha256 %s\n", model.SafeLine(b.Bucket), b.Count, b.SHA256[:16])
				}
			})
		},
	}
	f := c.Flags()
	f.StringVar(&from, "from", "", "the store to copy: a file, or etcd://host:port,...")
	f.StringVar(&to, "to", "", "where to copy it: etcd://host:port,... for a file, a file for a cluster")
	f.BoolVar(&force, "force", false, "replace what the target holds")
	return c
}
