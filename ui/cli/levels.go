package cli

import (
	"fmt"
	"io"
	"time"

	"outreach/model"

	"github.com/spf13/cobra"
)

func (a *App) levelsRecompute() *cobra.Command {
	var month string
	c := a.leaf(spec{use: "recompute", short: "Recompute creator levels for a month from performance (run on the 1st)",
		example: "  outreach levels recompute                 # the previous calendar month\n  outreach levels recompute --month 2026-10",
		args:    exactArgs(0), write: true, probe: asAdmin,
		run: func(c *call) error {
			ad, err := c.p.Admin()
			if err != nil {
				return err
			}
			m := month
			if m == "" {
				m = model.PrevMonth(ad.Now())
			} else if t, err := time.Parse("2006-01", m); err != nil || len(m) != 7 {
				return usage("--month %q: want YYYY-MM", model.Clip(safe(m), 20))
			} else if err := model.CheckInstant(t); err != nil {
				return fmt.Errorf("--month: %w", err)
			}
			stats, err := ad.RecomputeLevels(m)
			if err != nil {
				return err
			}
			return a.emit(stats, func(w io.Writer) {
				fmt.Fprintf(w, "levels for %s: %d computed, %d changed, %d falling, %d kept their imported level\n",
					safe(stats.Month), stats.Computed, stats.Changed, stats.Falling, stats.Untouched)
			})
		}})
	c.Flags().StringVar(&month, "month", "", "the month, YYYY-MM (default: the previous month)")
	return c
}
