package catalog

import "outreach/catalog/scoring"

// buildSig fills c.sig for c's plain rows; other rows get a zero sig,
// which no bound reads (they are never pruned).
func buildSig(c *core) {
	c.sig = make([]scoring.Sig, c.n)
	for i := range c.sig {
		if c.plain[i>>6]&(1<<(i&63)) == 0 {
			continue
		}
		c.sig[i] = scoring.SigOf(c.key(int32(i)))
	}
}
