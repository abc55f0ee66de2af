package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"outreach/backend"
	"outreach/demo"
	"outreach/model"
	"outreach/store"
	"outreach/ui/cli/clio"

	"github.com/spf13/cobra"
)

func (a *App) demoCmd() *cobra.Command {
	var creators int
	var seed uint64
	var fresh, noConsole bool
	c := &cobra.Command{
		Use:   "demo",
		Short: "Create a deterministic demo store, then open the console on it",
		Long: `Create a deterministic demo store (same seed and size, same data; timestamps are placed
around now so the current week has activity), then open the console as the first seller.
The store is --db if given, else demo.db in the data directory. An existing demo store
of the same seed and size is reused; --fresh replaces it.`,
		Example: "  outreach demo\n  outreach demo --creators 1000000\n  outreach demo --no-console --db /tmp/demo.db",
		Args:    clio.ExactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := a.operatorOnly(); err != nil {
				return err
			}
			if _, err := a.flags.screen.check(); err != nil { // before the store is built
				return err
			}
			now, err := a.now()
			if err != nil {
				return err
			}
			if now.IsZero() {
				now = time.Now()
			}
			if creators < 100 || creators > demo.MaxCreators {
				return clio.Usage("--creators %d: want 100..%d", creators, demo.MaxCreators)
			}
			path := a.flags.db
			if path == "" {
				path = filepath.Join(DataDir(), "demo.db")
			}
			tag := fmt.Sprintf("seed=%d creators=%d", seed, creators)
			st, err := a.openDemo(path, tag, fresh)
			if err != nil {
				return err
			}
			if st == nil {
				if st, err = a.buildDemo(path, tag, demo.Options{Creators: creators, Seed: seed}, now); err != nil {
					return err
				}
			}
			a.b = backend.New(st, backend.Options{})
			if noConsole || a.Console == nil {
				fmt.Fprintf(clio.SafeWriter{W: a.Out}, "demo store ready: %s (%s)\nopen it with: outreach --db %s\n", path, tag, shellWord(path))
				return nil
			}
			return a.runConsole(cmd, a.flags.as)
		},
	}
	f := c.Flags()
	f.IntVar(&creators, "creators", 5000, "how many creators (100 to 2,000,000)")
	f.Uint64Var(&seed, "seed", 1, "the generator's seed")
	f.BoolVar(&fresh, "fresh", false, "replace an existing demo store")
	f.BoolVar(&noConsole, "no-console", false, "create the store and stop")
	f.StringVar(&a.flags.as, "as", "", "the seller to act as (default: "+demo.Sellers[0].ID+")")
	addScreenFlags(f, &a.flags.screen)
	return c
}

// openDemo opens an existing demo store made with the same tag, or returns
// nil when a new one must be built (removing an old one if fresh).
func (a *App) openDemo(path, tag string, fresh bool) (*store.Store, error) {
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	p, err := a.policy()
	if err != nil {
		return nil, err
	}
	st, err := store.Open(path, store.Options{Policy: p})
	if err != nil {
		return nil, err
	}
	got, err := st.Meta("demo")
	if err == nil && got == tag && !fresh {
		return st, nil
	}
	st.Close()
	if got == "" && !fresh {
		return nil, clio.Usage("%s exists and is not a demo store; give another --db", path)
	}
	if !fresh {
		return nil, clio.Usage("%s holds another demo (%s); add --fresh to replace it", path, got)
	}
	if got == "" {
		return nil, clio.Usage("%s is not a demo store; --fresh replaces only demo stores", path)
	}
	return nil, os.Remove(path)
}

// buildDemo generates into a temporary file with fsync off, then moves it
// into place: an interrupted run leaves no half-made store behind.
func (a *App) buildDemo(path, tag string, o demo.Options, now time.Time) (*store.Store, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	tmp := path + ".building"
	os.Remove(tmp)
	p, err := a.policy()
	if err != nil {
		return nil, err
	}
	st, err := store.Open(tmp, store.Options{Policy: p, NoSync: true})
	if err != nil {
		return nil, err
	}
	start := time.Now()
	o.Progress = func(done, total int) {
		fmt.Fprintf(a.Err, "\rgenerating demo: %s of %s creators", model.Thousands(int64(done)), model.Thousands(int64(total)))
	}
	err = demo.Generate(st, o, now)
	if err == nil {
		err = st.SetMeta("demo", tag)
	}
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	fmt.Fprintf(a.Err, "\rgenerated demo (%s) in %s                \n", tag, time.Since(start).Round(100*time.Millisecond))
	if err == nil {
		err = syncFile(tmp)
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return nil, err
	}
	return store.Open(path, store.Options{Policy: p})
}

func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}
