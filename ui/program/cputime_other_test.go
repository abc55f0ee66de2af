//go:build !unix

package program

import "testing"

// reportCPU reports nothing where getrusage does not exist.
func reportCPU(*testing.B) {}
