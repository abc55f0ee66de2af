package sshd

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package when a test leaves a goroutine behind: a
// console session's feed wait, catalog wait and searches must end with the
// session, however it ends.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
