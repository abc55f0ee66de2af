package sshd

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package's tests when a goroutine outlives them: a
// session, a watch or a limiter timer that does not end with its server.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
