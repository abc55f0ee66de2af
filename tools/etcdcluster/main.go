// Command etcdcluster runs an etcd cluster of n members inside one process,
// for trying several outreach frontends on one machine without installing
// etcd: it prints the --store address and runs until interrupted.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"outreach/store/etcd/etcdtest"
)

func main() {
	n := flag.Int("n", 3, "members")
	flag.Parse()
	d, err := os.MkdirTemp("", "etcdcluster-*") // a throwaway cluster: its data goes at exit
	if err != nil {
		fmt.Fprintln(os.Stderr, "etcdcluster:", err)
		os.Exit(1)
	}
	defer os.RemoveAll(d)
	c, err := etcdtest.New(d, *n)
	if err != nil {
		os.RemoveAll(d)
		fmt.Fprintln(os.Stderr, "etcdcluster:", err)
		os.Exit(1)
	}
	defer c.Close()
	fmt.Println(c.URL())
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	<-sig
}
