package store

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	bbolt "go.etcd.io/bbolt"
)

// BenchmarkOpenLargeStore measures opening and closing a large store named
// by $OUTREACH_BENCH_DB (for example a 1,000,000-creator demo store:
// `outreach demo --creators 1000000 --no-console --db FILE`); the input
// size is in the sub-benchmark's name. "freelist=rebuilt" is how earlier
// versions opened (NoFreelistSync: bbolt rebuilds the free-page list by
// walking every page at every open, then the open committed a write);
// "freelist=persisted" is store.Open now.
func BenchmarkOpenLargeStore(b *testing.B) {
	src := os.Getenv("OUTREACH_BENCH_DB")
	if src == "" {
		b.Skip("set OUTREACH_BENCH_DB to a large store file")
	}
	dir := b.TempDir()
	persisted, rebuilt := filepath.Join(dir, "persisted.db"), filepath.Join(dir, "rebuilt.db")
	copyFile(b, src, persisted)
	copyFile(b, src, rebuilt)
	s, err := Open(persisted, Options{})
	if err != nil {
		b.Fatal(err)
	}
	n := s.CreatorCount()
	s.Close()
	old := &bbolt.Options{NoFreelistSync: true, FreelistType: bbolt.FreelistMapType}
	db, err := bbolt.Open(rebuilt, 0o600, old) // a commit without the freelist drops it, as old versions did
	if err != nil {
		b.Fatal(err)
	}
	db.Update(func(tx *bbolt.Tx) error { return tx.Bucket([]byte(bMeta)).Put([]byte("x:bench"), []byte("1")) })
	db.Close()
	b.Run(fmt.Sprintf("creators=%d/freelist=rebuilt", n), func(b *testing.B) {
		for b.Loop() {
			db, err := bbolt.Open(rebuilt, 0o600, old)
			if err != nil {
				b.Fatal(err)
			}
			db.Update(func(tx *bbolt.Tx) error { return tx.Bucket([]byte(bMeta)).Put(schemaKey, u64(SchemaVersion)) })
			db.Close()
		}
	})
	b.Run(fmt.Sprintf("creators=%d/freelist=persisted", n), func(b *testing.B) {
		for b.Loop() {
			s, err := Open(persisted, Options{})
			if err != nil {
				b.Fatal(err)
			}
			s.Close()
		}
	})
}

func copyFile(b *testing.B, from, to string) {
	b.Helper()
	in, err := os.Open(from)
	if err != nil {
		b.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		b.Fatal(err)
	}
	out.Close()
}
