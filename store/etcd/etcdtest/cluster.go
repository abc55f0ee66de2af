// Package etcdtest runs etcd clusters inside the current process, for the
// etcd engine's tests and benchmarks: one member for the fast tests, three
// for the fault tests (stop a member, kill the leader, restart it).
package etcdtest

import (
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"go.etcd.io/etcd/server/v3/embed"
	"go.uber.org/zap"
)

// TB is the part of testing.TB the cluster needs.
type TB interface {
	Helper()
	Fatalf(format string, args ...any)
	TempDir() string
	Cleanup(func())
}

// Cluster is a set of embedded etcd members sharing one initial cluster.
type Cluster struct {
	dir     string
	members []*member
	mu      sync.Mutex
}

type member struct {
	name           string
	client, peer   url.URL
	dir            string
	etcd           *embed.Etcd
	initialCluster string
	state          string
}

// Start starts an n-member cluster in tb's temporary directory and stops it
// when the test ends.
func Start(tb TB, n int) *Cluster {
	tb.Helper()
	c, err := New(tb.TempDir(), n)
	if err != nil {
		tb.Fatalf("etcd cluster: %v", err)
	}
	tb.Cleanup(c.Close)
	return c
}

// New starts an n-member cluster with its data under dir.
func New(dir string, n int) (*Cluster, error) {
	c := &Cluster{dir: dir}
	var ic []string
	for i := range n {
		cp, err := freePort()
		if err != nil {
			return nil, err
		}
		pp, err := freePort()
		if err != nil {
			return nil, err
		}
		m := &member{
			name:   fmt.Sprintf("m%d", i),
			client: url.URL{Scheme: "http", Host: fmt.Sprintf("127.0.0.1:%d", cp)},
			peer:   url.URL{Scheme: "http", Host: fmt.Sprintf("127.0.0.1:%d", pp)},
			dir:    filepath.Join(dir, fmt.Sprintf("m%d", i)),
			state:  embed.ClusterStateFlagNew,
		}
		ic = append(ic, m.name+"="+m.peer.String())
		c.members = append(c.members, m)
	}
	for _, m := range c.members {
		m.initialCluster = strings.Join(ic, ",")
	}
	errs := make(chan error, n)
	for _, m := range c.members {
		go func() { errs <- m.start() }()
	}
	for range n {
		if err := <-errs; err != nil {
			c.Close()
			return nil, err
		}
	}
	return c, nil
}

func (m *member) start() error {
	cfg := embed.NewConfig()
	cfg.Name = m.name
	cfg.Dir = m.dir
	cfg.ListenClientUrls = []url.URL{m.client}
	cfg.AdvertiseClientUrls = []url.URL{m.client}
	cfg.ListenPeerUrls = []url.URL{m.peer}
	cfg.AdvertisePeerUrls = []url.URL{m.peer}
	cfg.InitialCluster = m.initialCluster
	cfg.ClusterState = m.state
	cfg.InitialClusterToken = "outreach-test"
	cfg.LogLevel = "error"
	cfg.ZapLoggerBuilder = embed.NewZapLoggerBuilder(zap.NewNop())
	cfg.TickMs = 50
	cfg.ElectionMs = 500
	e, err := embed.StartEtcd(cfg)
	if err != nil {
		return fmt.Errorf("start %s: %w", m.name, err)
	}
	select {
	case <-e.Server.ReadyNotify():
	case <-time.After(30 * time.Second):
		e.Close()
		return fmt.Errorf("start %s: not ready after 30s", m.name)
	}
	m.etcd = e
	m.state = embed.ClusterStateFlagExisting
	return nil
}

// Endpoints are the client URLs of every member.
func (c *Cluster) Endpoints() []string {
	var out []string
	for _, m := range c.members {
		out = append(out, m.client.String())
	}
	return out
}

// Endpoint is member i's client URL.
func (c *Cluster) Endpoint(i int) string { return c.members[i].client.String() }

// URL is the store address of the whole cluster: etcd://host:port,host:port.
func (c *Cluster) URL() string {
	var hs []string
	for _, m := range c.members {
		hs = append(hs, m.client.Host)
	}
	return "etcd://" + strings.Join(hs, ",")
}

// Len is the number of members.
func (c *Cluster) Len() int { return len(c.members) }

// Stop stops member i (its data stays, Restart brings it back).
func (c *Cluster) Stop(i int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if m := c.members[i]; m.etcd != nil {
		m.etcd.Close()
		m.etcd = nil
	}
}

// Restart starts a stopped member i again on its old data.
func (c *Cluster) Restart(i int) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	m := c.members[i]
	if m.etcd != nil {
		return nil
	}
	return m.start()
}

// Leader is the index of the member that is leader now, or -1.
func (c *Cluster) Leader() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, m := range c.members {
		if m.etcd != nil && m.etcd.Server.Leader() == m.etcd.Server.MemberID() {
			return i
		}
	}
	return -1
}

// Close stops every member and removes nothing (the test's TempDir does).
func (c *Cluster) Close() {
	for i := range c.members {
		c.Stop(i)
	}
}

// RemoveData deletes the cluster's data directory (for clusters made with New).
func (c *Cluster) RemoveData() error { return os.RemoveAll(c.dir) }

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
