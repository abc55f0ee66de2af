// Package model is the outreach domain, pure: sellers, creators, the
// relationship between them, weeks, the quota policy, the checker's decision
// and creator levels. It does no I/O and never reads the clock: every function
// that depends on time takes the instant as an argument.
package model
