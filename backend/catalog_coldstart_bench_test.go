package backend

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/creack/pty"

	"outreach/model"
	"outreach/store"
)

// BenchmarkColdStart_1M launches the real binary on the store named by
// $OUTREACH_BENCH_DB under a pseudo-terminal (200x60) and times the first
// frame that shows results (a row with an @handle under the Find tab); the
// terminal answers the colour and cursor queries as a real one does. Make
// the file with
//
//	outreach demo --creators 1000000 --no-console --db FILE
//
// The references, in the same run: what the issue measured against (a
// bbolt open plus a full decode of every creator record), and the binary
// with no catalog snapshot beside the store (it builds the catalog from the
// store, as before snapshots). binary is the usual start, with a current
// snapshot.
func BenchmarkColdStart_1M(b *testing.B) {
	path := os.Getenv("OUTREACH_BENCH_DB")
	if path == "" {
		b.Skip("set OUTREACH_BENCH_DB to a 1M-creator store file")
	}
	bin := filepath.Join(b.TempDir(), "outreach")
	if out, err := exec.Command("go", "build", "-o", bin, "outreach").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	b.Run("reference=open+decode", func(b *testing.B) {
		for b.Loop() {
			st, err := store.Open(path, store.Options{ReadOnly: true})
			if err != nil {
				b.Fatal(err)
			}
			n := 0
			if err := st.ForEachCreator(func(*model.Creator) error { n++; return nil }); err != nil {
				b.Fatal(err)
			}
			st.Close()
		}
	})
	b.Run("reference=binary-without-snapshot", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			os.Remove(path + ".catalog")
			b.StartTimer()
			firstResults(b, bin, path)
		}
	})
	prepareSnapshot(b, path)
	b.Run("binary", func(b *testing.B) {
		for b.Loop() {
			firstResults(b, bin, path)
		}
	})
}

// firstResults runs the console and returns when a frame with results has
// been written.
func firstResults(b *testing.B, bin, db string) {
	cmd := exec.Command(bin, "--db", db)
	cmd.Env = append(os.Environ(), "TERM=xterm-256color")
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 60, Cols: 200})
	if err != nil {
		b.Fatal(err)
	}
	defer func() {
		cmd.Process.Kill()
		cmd.Wait()
		f.Close()
	}()
	var seen []byte
	buf := make([]byte, 1<<16)
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		n, err := f.Read(buf)
		if err != nil {
			b.Fatalf("console ended before results: %v\n%q", err, seen)
		}
		d := buf[:n]
		if bytes.Contains(d, []byte("\x1b]11;?")) {
			f.Write([]byte("\x1b]11;rgb:0000/0000/0000\x1b\\"))
		}
		if bytes.Contains(d, []byte("\x1b[6n")) {
			f.Write([]byte("\x1b[1;1R"))
		}
		seen = append(seen, d...)
		if bytes.Contains(seen, []byte("Find")) && bytes.Contains(d, []byte("@")) {
			return
		}
	}
	b.Fatal("no results within a minute")
}
