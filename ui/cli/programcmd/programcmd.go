// Package programcmd holds the operations commands of the affiliate
// program and its offers (SPEC "Program screens and commands"): performance
// and its import, segments, affiliates, KPI, flags, goals, templates,
// campaigns, milestones and drafts, boosts, codes, contests, surveys, kits
// and a creator's offers. Package cli puts them on its root command.
package programcmd

import (
	"outreach/ui/cli/clio"

	"github.com/spf13/cobra"
)

// kit builds the commands on what the invocation's commands share.
type kit struct{ *clio.Kit }

// Commands are the program's commands for one invocation.
type Commands struct {
	// Import goes under `outreach import` (import performance).
	Import []*cobra.Command
	// Root goes on the root command.
	Root []*cobra.Command
}

// New builds the program's commands on k.
func New(k *clio.Kit) Commands {
	b := kit{k}
	root := []*cobra.Command{
		clio.Group("perf", "Affiliate performance", b.perfAdd()),
		clio.Group("segments", "Affiliate segments", b.segmentsRecompute()),
		b.affiliatesCmd(), b.kpiCmd(), b.flagsCmds(),
		clio.Group("goal", "Affiliate and segment goals", b.goalSet(), b.goalList()),
		b.templateCmds(), b.campaignCmds(), b.milestoneCmds(), b.draftsCmds(),
	}
	return Commands{Import: []*cobra.Command{b.importPerformance()}, Root: append(root, b.offerCmds()...)}
}
