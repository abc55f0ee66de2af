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

// checkCmd is `outreach check FILE`: bbolt's consistency check of a store
// file, which never writes, never creates the file and cannot panic. Exit 0
// when the file is sound, 1 when it is damaged (with what is wrong), 2 when
// it does not exist.
func (a *App) checkCmd() *cobra.Command {
	return &cobra.Command{
		Use:     "check FILE",
		Short:   "Check a store file for damage (read-only)",
		Example: "  outreach check ~/.local/share/outreach/outreach.db --json",
		Args:    clio.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if a.Principal != nil { // a door's identity: checking files is the operator's
				if _, err := a.Principal.Admin(); err != nil {
					return err
				}
			}
			path := args[0]
			probs, err := store.Check(path)
			if errors.Is(err, store.ErrMissing) {
				return &clio.StatusError{Code: clio.ExitUsage, Err: err}
			}
			if err != nil {
				return err
			}
			safe := make([]string, len(probs))
			for i, p := range probs {
				safe[i] = model.SafeLine(p)
			}
			if len(probs) > 0 {
				a.kit.Code = ExitError
			}
			return a.kit.Emit(map[string]any{"file": model.SafeLine(path), "sound": len(probs) == 0, "problems": safe}, func(w io.Writer) {
				if len(probs) == 0 {
					fmt.Fprintf(w, "%s: sound\n", model.SafeLine(path))
					return
				}
				fmt.Fprintf(w, "%s: damaged, %d problem(s); restore a backup:\n", model.SafeLine(path), len(probs))
				for _, p := range safe {
					fmt.Fprintf(w, "  %s\n", p)
				}
			})
		},
	}
}
