package seller

import (
	"context"
	"strings"
	"testing"

	"outreach/ui/shell"
)

// The user's key config reaches the seller console's own bindings, and a
// remapped key that collides with one of them stops the start.
func TestSellerKeyConfig(t *testing.T) {
	tests := []struct {
		name, config, wantKey, wantErr string
	}{
		{"rerank remapped", `{"seller": {"rerank": "ctrl+k"}}`, "ctrl+k", ""},
		{"collides with reset filters", `{"seller": {"rerank": "ctrl+r"}}`, "", "ctrl+r"},
		{"unknown action", `{"seller": {"teleport": "t"}}`, "", "teleport"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kc, err := shell.ParseKeyConfig([]byte(tt.config))
			if err != nil {
				t.Fatal(err)
			}
			deps, _, _ := fakeDeps()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			root, err := NewWith(ctx, deps, shell.Options{Renderer: asciiRenderer(), Keys: kc})
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err %v, want one naming %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer root.Close()
			a := root.App().(*app)
			if got := a.keys.Rerank.Keys(); len(got) != 1 || got[0] != tt.wantKey {
				t.Errorf("rerank keys %v, want [%s]", got, tt.wantKey)
			}
		})
	}
}
