// Package clio is what the operations commands share, whichever package
// builds them: the leaf and group builders with their role probes, the
// output (text made safe, one JSON object a result), the typed exit-status
// errors and the argument and flag checks. Package cli builds the root
// command on it; the program's commands (package programcmd) are built on
// it too, without importing cli.
package clio

import (
	"io"

	"outreach/backend"

	"github.com/spf13/cobra"
)

// Kit is what the commands of one invocation share: where results go, the
// --json flag, the exit status of a refused outcome, and who acts.
type Kit struct {
	// Out receives the results.
	Out io.Writer
	// JSON is the --json flag; the root command binds it.
	JSON bool
	// Code is the exit status of a run that ends without an error (a
	// refused outcome, a damaged file).
	Code int
	// Remote is true over SSH exec: commands with Local set refuse, and
	// those the Actor may not run are hidden from help.
	Remote bool
	// Actor is the invocation's principal; nil is the local operator.
	Actor *backend.Principal
	// Open returns who acts (at --now), opening the store first when it is
	// not open: for writing when write is set, expecting it to grow by
	// about grow bytes.
	Open func(cmd *cobra.Command, write bool, grow int64) (*backend.Principal, error)
}

// Call is one run of a leaf command: its arguments and who acts.
type Call struct {
	Cmd  *cobra.Command
	Args []string
	P    *backend.Principal
}

// Spec describes a leaf command.
type Spec struct {
	Use, Short, Example string
	Args                cobra.PositionalArgs
	// Write opens (and creates) the store for writing; a read opens only
	// an existing file. It decides how the file is opened, not who may act.
	Write bool
	// Local commands read or write files of this machine: not over SSH.
	Local bool
	// Required flags, checked with a usage error.
	Required []string
	// Probe asks the principal, with its own account, for the handle the
	// command uses; help over SSH lists the commands whose probe succeeds.
	Probe func(p *backend.Principal) error
	Run   func(c *Call) error
	// Grow, when set, estimates from the arguments how many bytes the
	// store will grow by (see store.Options.Grow).
	Grow func(args []string) int64
}

// probeKey is the cobra annotation that marks a leaf built by Leaf.
const probeKey = "outreach-leaf"

// IsLeaf reports whether c is an operations command built by Leaf (not a
// group, not cobra's help or completion).
func IsLeaf(c *cobra.Command) bool { return c.Annotations[probeKey] != "" }

// Leaf builds a subcommand: required flags, then the principal (at --now),
// then the body, which asks the principal for its handle.
func (k *Kit) Leaf(s Spec) *cobra.Command {
	c := &cobra.Command{
		Use: s.Use, Short: s.Short, Example: s.Example, Args: s.Args,
		Annotations: map[string]string{probeKey: "yes"},
		RunE: func(cmd *cobra.Command, args []string) error {
			for _, f := range s.Required {
				if !cmd.Flags().Changed(f) {
					return Usage("--%s is required (see %s --help)", f, cmd.CommandPath())
				}
			}
			if s.Local && k.Remote {
				return Usage("%s works on files of the server's machine; run it there", cmd.CommandPath())
			}
			var grow int64
			if s.Grow != nil {
				grow = s.Grow(args)
			}
			p, err := k.Open(cmd, s.Write, grow)
			if err != nil {
				return err
			}
			return s.Run(&Call{Cmd: cmd, Args: args, P: p})
		},
	}
	if k.Remote && k.Actor != nil && (s.Local || s.Probe(k.Actor) != nil) {
		c.Hidden = true // help over SSH lists what the key may run
	}
	return c
}

// Group is a command that only holds subcommands; it is hidden when all
// of them are.
func Group(use, short string, subs ...*cobra.Command) *cobra.Command {
	g := &cobra.Command{Use: use, Short: short, Args: NoSubcommand,
		RunE: func(c *cobra.Command, args []string) error {
			return Usage("%s needs a subcommand (see %s --help)", c.CommandPath(), c.CommandPath())
		}}
	g.AddCommand(subs...)
	hidden := true
	for _, s := range subs {
		hidden = hidden && s.Hidden
	}
	g.Hidden = hidden
	return g
}

// Emit prints a result: safe JSON with --json, else what text writes
// (through a SafeWriter).
func (k *Kit) Emit(v any, text func(w io.Writer)) error {
	if k.JSON {
		return WriteJSON(k.Out, v)
	}
	text(SafeWriter{k.Out})
	return nil
}

// EmitEach prints every item of a list: one JSON object each with --json,
// else the line text writes.
func EmitEach[T any](k *Kit, items []T, text func(w io.Writer, it T)) error {
	return EmitEachAs(k, items, func(it *T) any { return *it }, func(w io.Writer, it *T) { text(w, *it) })
}

// EmitEachAs is EmitEach with each item's JSON object made by js.
func EmitEachAs[T any](k *Kit, items []T, js func(it *T) any, text func(w io.Writer, it *T)) error {
	for i := range items {
		it := &items[i]
		if err := k.Emit(js(it), func(w io.Writer) { text(w, it) }); err != nil {
			return err
		}
	}
	return nil
}
