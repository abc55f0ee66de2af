package cli

import (
	"fmt"
	"io"
	"time"

	"outreach/model"
	"outreach/store"

	"github.com/spf13/cobra"
)

func (a *App) levelsCmd() *cobra.Command {
	var month string
	c := a.leaf("recompute", "Recompute creator levels for a month from performance (run on the 1st)",
		"  outreach levels recompute                 # the previous calendar month\n  outreach levels recompute --month 2026-10",
		cobra.NoArgs, true, func(cmd *cobra.Command, args []string, st *store.Store, now time.Time) error {
			if month == "" {
				month = model.PrevMonth(now)
			}
			stats, err := st.RecomputeLevels(month, now)
			if err != nil {
				return err
			}
			return a.emit(stats, func(w io.Writer) {
				fmt.Fprintf(w, "levels for %s: %d computed, %d changed, %d falling, %d kept their imported level\n",
					stats.Month, stats.Computed, stats.Changed, stats.Falling, stats.Untouched)
			})
		})
	c.Flags().StringVar(&month, "month", "", "the month, YYYY-MM (default: the previous month)")
	levels := &cobra.Command{Use: "levels", Short: "Creator levels"}
	levels.AddCommand(c)
	return levels
}
