package collab

import (
	"fmt"
	"slices"
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

func dryRunCmd(h Sender, ids []string, kind model.ActionKind) tea.Cmd {
	ids = append([]string(nil), ids...)
	return func() tea.Msg {
		ds, cost, err := h.Preview(ids, kind)
		return dryRunMsg{ds, cost, err}
	}
}

func sendCmd(h Sender, kind model.ActionKind, items []backend.Outreach) tea.Cmd {
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

// Batch is the modal before any invite or message leaves: (for a
// message) the text, then the checker's dry run with the total cost and who
// would be refused and why, then confirm or cancel, then the per-creator
// results.
type Batch struct {
	env    Env
	kind   model.ActionKind
	ids    []string
	collab *model.Collab
	text   textinput.Model
	step   int
	w, h   int

	ds     []model.Decision
	cost   int
	outs   []store.Outcome
	err    error
	scroll int
	done   bool
}

// Closed tells the root to take the modal down (synchronously, so the next
// key already goes to the screen below).
func (b *Batch) Closed() bool { return b.done }

// OpenBatch opens the batch modal for kind to ids (a Target Collaboration
// when collab is set).
func OpenBatch(env Env, kind model.ActionKind, ids []string, collab *model.Collab) tea.Cmd {
	b := &Batch{env: env, kind: kind, ids: append([]string(nil), ids...), collab: collab}
	b.text = components.NewInput(env.S, "> ", "write your message", model.MaxMessageRunes)
	if kind == model.Message {
		b.text.Focus()
	} else {
		b.step = stepPreviewing
	}
	return shell.Open(b)
}

// PreviewCost is what the batch will cost while its preview waits for a
// yes; ok false before the preview and once sent (the gauge counts it).
func (b *Batch) PreviewCost() (cost int, ok bool) { return b.cost, b.step == stepPreview }

// Init asks the checker for the dry run when there is no text to write.
func (b *Batch) Init() tea.Cmd {
	if b.step == stepPreviewing {
		return shell.To(b, dryRunCmd(b.env.Seller, b.ids, b.kind))
	}
	return nil
}

// SetSize sizes the modal.
func (b *Batch) SetSize(w, h int) { b.w, b.h = w, h; b.text.Width = max(w-6, 10) }

// Capturing reports that the message is being written.
func (b *Batch) Capturing() bool { return b.step == stepCompose }

// allowed is how many creators of the preview the checker would let through.
func (b *Batch) allowed() int {
	n := 0
	for _, d := range b.ds {
		if d.Allowed {
			n++
		}
	}
	return n
}

// ShortHelp is the keys of the step shown.
func (b *Batch) ShortHelp() []key.Binding {
	k, sk := b.env.S.Keys, b.env.Keys
	switch b.step {
	case stepCompose:
		return []key.Binding{sk.Preview, k.No}
	case stepPreview:
		if b.allowed() == 0 {
			return []key.Binding{sk.Close, k.Up, k.Down}
		}
		return []key.Binding{sk.SendBatch, k.No, k.Up, k.Down}
	case stepDone:
		return []key.Binding{k.Back}
	}
	return []key.Binding{k.No}
}

// FullHelp is the keys of the step shown.
func (b *Batch) FullHelp() [][]key.Binding { return [][]key.Binding{b.ShortHelp()} }

// Update takes the dry run, the results and the keys of each step.
func (b *Batch) Update(msg tea.Msg) tea.Cmd {
	k, sk := &b.env.S.Keys, b.env.Keys
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
		b.ds, b.cost, b.step = msg.ds, msg.cost, stepPreview
	case sentMsg:
		if b.step != stepSending {
			return nil
		}
		b.step, b.outs, b.err = stepDone, msg.outs, msg.err
		if msg.err != nil {
			return tea.Batch(shell.StatusCmd(shell.ErrText(msg.err), true), b.env.Host.AfterSend())
		}
		text, refused := batchStatus(b.kind, msg.outs)
		b.env.Host.ClearMarks()
		return tea.Batch(shell.StatusCmd(text, refused > 0), b.env.Host.AfterSend())
	case tea.KeyMsg:
		switch b.step {
		case stepCompose:
			switch {
			case key.Matches(msg, k.Back):
				b.done = true
				return nil
			case key.Matches(msg, sk.Preview):
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
			case b.allowed() == 0 && key.Matches(msg, sk.Close):
				b.done = true
				return shell.StatusCmd("Nothing sent: the checker refuses every creator of this batch.", true)
			case b.allowed() > 0 && key.Matches(msg, sk.SendBatch):
				b.step = stepSending
				return shell.To(b, sendCmd(b.env.Seller, b.kind, b.items()))
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
func (b *Batch) items() []backend.Outreach {
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

// View draws the step shown.
func (b *Batch) View() string {
	st := b.env.S.Styles
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
		if q := b.env.Host.QuotaStatus(); q.Remaining != nil {
			left = fmt.Sprintf("now %s left + %s pack", model.Thousands(int64(*q.Remaining)), model.Thousands(int64(q.StarterPack)))
		}
		add(fmt.Sprintf("Cost %s · %d allowed · %s · %s",
			st.Warn.S(fmt.Sprintf("%d credit%s", b.cost, shell.Plural(b.cost))), len(b.ds)-refused,
			refusedText(st, refused), left))
		add(st.Muted.S("Preview: nothing has been sent or charged yet."))
		if b.collab != nil {
			lines = append(lines, b.termsLines()...)
		}
		add("")
		lines = append(lines, b.rows(func(i int) (bool, string, string) {
			return b.ds[i].Allowed, string(b.ds[i].Reason), b.ds[i].Message
		}, len(b.ds), len(lines)+2)...)
		add("")
		sk := b.env.Keys
		if b.allowed() == 0 {
			add(st.Bad.S("Nothing can be sent: the checker refuses every creator.") + "   " + st.Key.S(sk.Close.Help().Key) + " " + sk.Close.Help().Desc)
		} else {
			add(st.Key.S(sk.SendBatch.Help().Key) + " " + sk.SendBatch.Help().Desc + "   " + st.Key.S(b.env.S.Keys.No.Help().Key) + " " + b.env.S.Keys.No.Help().Desc)
		}
	case stepDone:
		if b.err != nil {
			add(st.Bad.S(shell.SafeFit(shell.ErrText(b.err), b.w)))
		} else {
			add(st.Good.S("Done.") + st.Muted.S(" Per creator:"))
			add("")
			lines = append(lines, b.rows(func(i int) (bool, string, string) {
				o := b.outs[i]
				return o.Allowed, string(o.Reason), o.Decision.Message
			}, len(b.outs), len(lines)+2)...)
		}
		add("")
		add(st.Muted.S("esc or enter closes"))
	}
	return strings.Join(lines, "\n")
}

// rows draws each creator of a preview or a result: a line with the
// outcome and the reason code, then the checker's sentence wrapped whole
// under it; scrolled by creator to fit what is left of the body after
// used lines.
func (b *Batch) rows(get func(i int) (bool, string, string), n, used int) []string {
	st := b.env.S.Styles
	room := max(b.h-used-1, 3) // a line for the scroll hint
	b.scroll = min(b.scroll, max(n-1, 0))
	var out []string
	last := b.scroll
	for i := b.scroll; i < n; i++ {
		ok, reason, sentence := get(i)
		who := shell.Pad(shell.SafeFit(b.env.Host.Who(b.ids[i]), 20), 20)
		mark, p := "✓", st.Good
		if !ok {
			mark, p = "✗", st.Bad
		}
		block := []string{p.S(mark) + " " + st.Handle.S(who) + " " + p.S(shell.Safe(reason))}
		for _, l := range shell.SafeWrap(sentence, max(b.w-4, 10)) {
			block = append(block, "    "+st.Text.S(l))
		}
		if len(out)+len(block) > room && i > b.scroll {
			break
		}
		out = append(out, block...)
		last = i
	}
	if b.scroll > 0 || last < n-1 {
		out = append(out, st.Muted.S(fmt.Sprintf("  %d–%d of %d (↑/↓ to scroll)", b.scroll+1, last+1, n)))
	}
	return out
}

// termsLines repeats a Target Collaboration's terms in its preview:
// products and commissions, free sample, end date.
func (b *Batch) termsLines() []string {
	st := b.env.S.Styles
	c := b.collab
	terms := fmt.Sprintf("%s · free sample %s · ends %s", ProductsText(c.Products), yesNo(c.FreeSample),
		c.EndDate.In(b.env.Host.Location()).Format("Mon 2 Jan 2006"))
	var out []string
	for i, l := range shell.SafeWrap(terms, max(b.w-7, 10)) {
		if i == 0 {
			out = append(out, st.Muted.S("Terms  ")+l)
		} else {
			out = append(out, "       "+l)
		}
	}
	return out
}

// batchStatus is the status line after a batch: how many went, and every
// refusal counted by reason, "Invited 1 of 4. 3 refused: 2 follower cap,
// 1 blocked by creator — see the list above."
func batchStatus(kind model.ActionKind, outs []store.Outcome) (string, int) {
	sent := 0
	by := map[string]int{}
	for _, o := range outs {
		if o.Allowed {
			sent++
		} else {
			by[strings.ReplaceAll(string(o.Reason), "-", " ")]++
		}
	}
	verb := "Invited"
	if kind == model.Message {
		verb = "Messaged"
	}
	text := fmt.Sprintf("%s %d of %d.", verb, sent, len(outs))
	refused := len(outs) - sent
	if refused == 0 {
		return text, 0
	}
	reasons := make([]string, 0, len(by))
	for r := range by {
		reasons = append(reasons, r)
	}
	slices.SortFunc(reasons, func(a, b string) int {
		if by[a] != by[b] {
			return by[b] - by[a]
		}
		return strings.Compare(a, b)
	})
	parts := make([]string, len(reasons))
	for i, r := range reasons {
		parts[i] = fmt.Sprintf("%d %s", by[r], r)
	}
	return text + fmt.Sprintf(" %d refused: %s — see the list above.", refused, strings.Join(parts, ", ")), refused
}

// refusedText is how many the checker refused, green when none.
func refusedText(st *shell.Styles, n int) string {
	if n == 0 {
		return st.Good.S("none refused")
	}
	return st.Bad.S(fmt.Sprintf("%d refused", n))
}
