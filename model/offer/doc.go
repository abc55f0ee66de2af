// Package offer is what wakes dormant affiliates, pure: commission boosts,
// exclusive codes, contests, sample kits and the why-inactive survey, each
// with its own validation. It does no I/O and never reads the clock.
package offer
