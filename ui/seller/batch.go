package seller

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"outreach/backend"
	"outreach/model"
	"outreach/store"
	"outreach/ui/components"
	"outreach/ui/shell"
)

// dryRunMsg is the checker's preview of a batch.
type dryRunMsg struct {
	ds   []model.Decision
	cost int
	err  error
}

// sentMsg is the per-creator result of a confirmed batch.
type sentMsg struct {
	outs []store.Outcome
	err  error
}

func dryRunCmd(h Handle, ids []string, kind model.ActionKind) tea.Cmd {
	ids = append([]string(nil), ids...)
	return func() tea.Msg {
		ds, cost, err := h.Preview(ids, kind)
		return dryRunMsg{ds, cost, err}
	}
}

func sendCmd(h Handle, kind model.ActionKind, items []backend.Outreach) tea.Cmd {
	return func() tea.Msg {
		outs, err := h.SendBatch(kind, items)
		return sentMsg{outs: outs, err: err}
	}
}

// Batch steps.
const (
	stepCompose = iota
	stepPreviewing
	stepPreview
	stepSending
	stepDone
)

// batchModel is the modal before any invite or message leaves: (for a
// message) the text, then the checker's dry run with the total cost and who
// would be refused and why, then confirm or cancel, then the per-creator
// results.
type batchModel struct {
	a      *app
	kind   model.ActionKind
	ids    []string
	collab *model.Collab
	text   textinput.Model
	step   int
	w, h   int

	ds        []model.Decision
	cost      int
	previewed bool
	outs      []store.Outcome
	err       error
	scroll    int
	done      bool
}

// closed tells the root to take the modal down (synchronously, so the next
// key already goes to the screen below).
func (b *batchModel) Closed() bool { return b.done }

// openBatch opens the batch modal for kind to ids (a Target Collaboration
// when collab is set).
func (a *app) openBatch(kind model.ActionKind, ids []string, collab *model.Collab) tea.Cmd {
	b := &batchModel{a: a, kind: kind, ids: append([]string(nil), ids...), collab: collab}
	b.text = components.NewInput(a.s, "> ", "write your message", model.MaxMessageRunes)
	if kind == model.Message {
		b.text.Focus()
	} else {
		b.step = stepPreviewing
	}
	return shell.Open(b)
}

func (b *batchModel) Init() tea.Cmd {
	if b.step == stepPreviewing {
		return shell.To(b, dryRunCmd(b.a.h, b.ids, b.kind))
	}
	return nil
}

func (b *batchModel) SetSize(w, h int) { b.w, b.h = w, h; b.text.Width = max(w-6, 10) }
func (b *batchModel) Capturing() bool  { return b.step == stepCompose }

func (b *batchModel) ShortHelp() []key.Binding {
	k := b.a.s.Keys
	switch b.step {
	case stepCompose:
		return []key.Binding{k.Send, k.No}
	case stepPreview:
		return []key.Binding{k.Yes, k.No, k.Up, k.Down}
	case stepDone:
		return []key.Binding{k.Back}
	}
	return []key.Binding{k.No}
}
func (b *batchModel) FullHelp() [][]key.Binding { return [][]key.Binding{b.ShortHelp()} }

func (b *batchModel) Update(msg tea.Msg) tea.Cmd {
	k := &b.a.s.Keys
	switch msg := msg.(type) {
	case dryRunMsg:
		if b.step != stepPreviewing {
			return nil
		}
		if msg.err != nil {
			b.err = msg.err
			b.step = stepDone
			return nil
		}
		b.ds, b.cost, b.previewed, b.step = msg.ds, msg.cost, true, stepPreview
	case sentMsg:
		if b.step != stepSending {
			return nil
		}
		b.step, b.outs, b.err = stepDone, msg.outs, msg.err
		if msg.err != nil {
			return tea.Batch(shell.StatusCmd(shell.ErrText(msg.err), true), b.a.afterSend())
		}
		sent, refused := 0, 0
		var first string
		for _, o := range msg.outs {
			if o.Allowed {
				sent++
			} else {
				refused++
				if first == "" {
					first = o.Decision.Message
				}
			}
		}
		verb := "Invited"
		if b.kind == model.Message {
			verb = "Messaged"
		}
		text := fmt.Sprintf("%s %d of %d.", verb, sent, len(msg.outs))
		if refused > 0 {
			text += fmt.Sprintf(" %d refused: %s", refused, first)
		}
		b.a.d.clearMarks()
		return tea.Batch(shell.StatusCmd(text, refused > 0), b.a.afterSend())
	case tea.KeyMsg:
		switch b.step {
		case stepCompose:
			switch {
			case key.Matches(msg, k.Back):
				b.done = true
				return nil
			case key.Matches(msg, k.Send):
				if strings.TrimSpace(b.text.Value()) == "" {
					b.err = fmt.Errorf("write a message first")
					return nil
				}
				b.err = nil
				b.text.Blur()
				b.step = stepPreviewing
				return b.Init()
			}
			var cmd tea.Cmd
			b.text, cmd = b.text.Update(msg)
			return cmd
		case stepPreview:
			switch {
			case key.Matches(msg, k.Yes):
				b.step = stepSending
				return shell.To(b, sendCmd(b.a.h, b.kind, b.items()))
			case key.Matches(msg, k.No):
				b.done = true
				return shell.StatusCmd("Nothing sent.", false)
			case key.Matches(msg, k.Up):
				b.scroll = max(b.scroll-1, 0)
			case key.Matches(msg, k.Down):
				b.scroll++
			}
		case stepDone:
			if key.Matches(msg, k.Back, k.Open, k.Yes, k.No) {
				b.done = true
				return nil
			}
			if key.Matches(msg, k.Up) {
				b.scroll = max(b.scroll-1, 0)
			} else if key.Matches(msg, k.Down) {
				b.scroll++
			}
		default:
			if key.Matches(msg, k.Back) {
				b.done = true
				return nil
			}
		}
	}
	return nil
}

// items are what the batch sends, one per creator.
func (b *batchModel) items() []backend.Outreach {
	items := make([]backend.Outreach, len(b.ids))
	for i, id := range b.ids {
		items[i] = backend.Outreach{Creator: id}
		if b.kind == model.Message {
			items[i].Text = b.text.Value()
		}
		if b.collab != nil {
			c := *b.collab
			c.Products = append([]model.Product(nil), b.collab.Products...)
			items[i].Collab = &c
			items[i].Text = c.Message
		}
	}
	return items
}

func (b *batchModel) View() string {
	st := b.a.s.Styles
	var lines []string
	add := func(s string) { lines = append(lines, s) }
	what := "Invite"
	if b.kind == model.Message {
		what = "Message"
	}
	if b.collab != nil {
		what = "Target Collaboration " + shell.Safe(b.collab.Name) + " to"
	}
	add(st.Title.S(fmt.Sprintf("%s %d creator%s", what, len(b.ids), shell.Plural(len(b.ids)))))
	switch b.step {
	case stepCompose:
		add("")
		add(b.text.View())
		if b.err != nil {
			add(st.Bad.S(b.err.Error()))
		}
		add(st.Muted.S("enter previews what it costs; nothing is sent before you confirm"))
	case stepPreviewing:
		add(st.Muted.S("asking the checker…"))
	case stepSending:
		add(st.Muted.S("sending…"))
	case stepPreview:
		refused := 0
		for _, d := range b.ds {
			if !d.Allowed {
				refused++
			}
		}
		left := "unlimited"
		if q := b.a.d.quota; q.Remaining != nil {
			left = fmt.Sprintf("now %s left + %s pack", model.Thousands(int64(*q.Remaining)), model.Thousands(int64(q.StarterPack)))
		}
		add(fmt.Sprintf("Cost %s · %d allowed · %s · %s",
			st.Warn.S(fmt.Sprintf("%d credit%s", b.cost, shell.Plural(b.cost))), len(b.ds)-refused,
			refusedText(st, refused), left))
		add(st.Muted.S("Preview: nothing has been sent or charged yet."))
		add("")
		lines = append(lines, b.rows(func(i int) (bool, string, string) {
			return b.ds[i].Allowed, string(b.ds[i].Reason), b.ds[i].Message
		}, len(b.ds))...)
		add("")
		add(st.Key.S("y/enter") + " send   " + st.Key.S("n/esc") + " cancel")
	case stepDone:
		if b.err != nil {
			add(st.Bad.S(shell.SafeFit(shell.ErrText(b.err), b.w)))
		} else {
			add(st.Good.S("Done.") + st.Muted.S(" Per creator:"))
			add("")
			lines = append(lines, b.rows(func(i int) (bool, string, string) {
				o := b.outs[i]
				return o.Allowed, string(o.Reason), o.Decision.Message
			}, len(b.outs))...)
		}
		add("")
		add(st.Muted.S("esc or enter closes"))
	}
	return strings.Join(lines, "\n")
}

// rows draws one line per creator of a preview or a result, scrolled to fit.
func (b *batchModel) rows(get func(i int) (bool, string, string), n int) []string {
	st := b.a.s.Styles
	room := max((b.h-8)/2, 1)
	b.scroll = min(b.scroll, max(n-room, 0))
	var out []string
	for i := b.scroll; i < n && i < b.scroll+room; i++ {
		ok, reason, sentence := get(i)
		who := shell.Pad(shell.SafeFit(b.a.d.who(b.ids[i]), 20), 20)
		mark, p := "✓", st.Good
		if !ok {
			mark, p = "✗", st.Bad
		}
		out = append(out, p.S(mark)+" "+st.Handle.S(who)+" "+p.S(reason))
		out = append(out, "    "+st.Text.S(shell.SafeFit(sentence, b.w-4)))
	}
	if n > room {
		out = append(out, st.Muted.S(fmt.Sprintf("  %d–%d of %d (↑/↓ to scroll)", b.scroll+1, min(b.scroll+room, n), n)))
	}
	return out
}

func refusedText(st *shell.Styles, n int) string {
	if n == 0 {
		return st.Good.S("none refused")
	}
	return st.Bad.S(fmt.Sprintf("%d refused", n))
}
