package seller

import (
	"testing"

	"outreach/ui/uitest"
)

// TestMain fails the package when a test leaves a goroutine behind: every
// session's feed wait, catalog wait and search must end with it.
func TestMain(m *testing.M) { uitest.VerifyTestMain(m) }
