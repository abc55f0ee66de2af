// Package components are the pieces the role screens are built from: list
// navigation, text inputs, small forms, the confirmation modal, the chat
// renderer and the quota gauge. They read the session (styles, keys) from
// shell and know nothing of the store.
package components

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"outreach/ui/shell"
)

// ListNav is the cursor and scroll offset of a list of n items shown h at a time.
type ListNav struct{ Cursor, Offset, n, h int }

// Key moves on the list keys and reports whether the key was one of them.
func (l *ListNav) Key(k *shell.KeyMap, msg tea.KeyMsg) bool {
	switch {
	case key.Matches(msg, k.Up):
		l.Move(-1)
	case key.Matches(msg, k.Down):
		l.Move(1)
	case key.Matches(msg, k.PageUp):
		l.Move(-max(l.h, 1))
	case key.Matches(msg, k.PageDown):
		l.Move(max(l.h, 1))
	case key.Matches(msg, k.Top):
		l.Move(-l.n)
	case key.Matches(msg, k.Bottom):
		l.Move(l.n)
	default:
		return false
	}
	return true
}

// Move moves the cursor by d, within the list.
func (l *ListNav) Move(d int) {
	l.Cursor += d
	l.Clamp()
}

// SetLen sets the number of items.
func (l *ListNav) SetLen(n int) {
	l.n = n
	l.Clamp()
}

// SetHeight sets how many items show at a time.
func (l *ListNav) SetHeight(h int) {
	l.h = max(h, 1)
	l.Clamp()
}

// Clamp keeps the cursor on an item and the cursor in view.
func (l *ListNav) Clamp() {
	l.Cursor = min(max(l.Cursor, 0), max(l.n-1, 0))
	if l.Cursor < l.Offset {
		l.Offset = l.Cursor
	}
	if l.Cursor >= l.Offset+l.h {
		l.Offset = l.Cursor - l.h + 1
	}
	l.Offset = max(0, min(l.Offset, max(l.n-l.h, 0)))
}

// Visible is the index range drawn now.
func (l *ListNav) Visible() (lo, hi int) { return l.Offset, min(l.Offset+l.h, l.n) }
