package console

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// listNav is the cursor and scroll offset of a list of n items shown h at a time.
type listNav struct{ cursor, offset, n, h int }

// key moves on the list keys and reports whether the key was one of them.
func (l *listNav) key(k *KeyMap, msg tea.KeyMsg) bool {
	switch {
	case key.Matches(msg, k.Up):
		l.move(-1)
	case key.Matches(msg, k.Down):
		l.move(1)
	case key.Matches(msg, k.PageUp):
		l.move(-max(l.h, 1))
	case key.Matches(msg, k.PageDown):
		l.move(max(l.h, 1))
	case key.Matches(msg, k.Top):
		l.move(-l.n)
	case key.Matches(msg, k.Bottom):
		l.move(l.n)
	default:
		return false
	}
	return true
}

func (l *listNav) move(d int) {
	l.cursor += d
	l.clamp()
}

func (l *listNav) setLen(n int) {
	l.n = n
	l.clamp()
}

func (l *listNav) setHeight(h int) {
	l.h = max(h, 1)
	l.clamp()
}

func (l *listNav) clamp() {
	l.cursor = min(max(l.cursor, 0), max(l.n-1, 0))
	if l.cursor < l.offset {
		l.offset = l.cursor
	}
	if l.cursor >= l.offset+l.h {
		l.offset = l.cursor - l.h + 1
	}
	l.offset = max(0, min(l.offset, max(l.n-l.h, 0)))
}

// visible is the index range drawn now.
func (l *listNav) visible() (lo, hi int) { return l.offset, min(l.offset+l.h, l.n) }
