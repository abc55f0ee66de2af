package cli

import (
	"fmt"
	"io"
	"time"

	"outreach/model"
	"outreach/ui/cli/clio"

	"github.com/spf13/cobra"
)

func (a *App) levelsRecompute() *cobra.Command {
	var month string
	c := a.kit.Leaf(clio.Spec{Use: "recompute", Short: "Recompute creator levels for a month from performance (run on the 1st)",
		Example: "  outreach levels recompute                 # the previous calendar month\n  outreach levels recompute --month 2026-10",
		Args:    clio.ExactArgs(0), Write: true, Probe: clio.AsAdmin,
		Run: func(c *clio.Call) error {
			ad, err := c.P.Admin()
			if err != nil {
				return err
			}
			m := month
			if m == "" {
				m = model.PrevMonth(ad.Now())
			} else if t, err := time.Parse("2006-01", m); err != nil || len(m) != 7 {
				return clio.Usage("--month %q: want YYYY-MM", model.Clip(clio.Safe(m), 20))
			} else if err := model.CheckInstant(t); err != nil {
				return fmt.Errorf("--month: %w", err)
			}
			stats, err := ad.RecomputeLevels(m)
			if err != nil {
				return err
			}
			return a.kit.Emit(stats, func(w io.Writer) {
				fmt.Fprintf(w, "levels for %s: %d computed, %d changed, %d falling, %d kept their imported level\n",
					clio.Safe(stats.Month), stats.Computed, stats.Changed, stats.Falling, stats.Untouched)
			})
		}})
	c.Flags().StringVar(&month, "month", "", "the month, YYYY-MM (default: the previous month)")
	return c
}
