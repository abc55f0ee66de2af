package components

import (
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"outreach/model"
	"outreach/ui/shell"
)

// ChatLines renders a conversation for a w-cell pane, oldest first: a time
// stamp in loc, who wrote it (sellerName or creatorName, already safe; the
// seller's side in the title style), and the text wrapped under itself.
func ChatLines(st *shell.Styles, msgs []model.ChatMessage, loc *time.Location, w int, sellerName, creatorName string) []string {
	var body []string
	for _, m := range msgs {
		who, wp := creatorName, st.Handle
		if m.FromSeller {
			who, wp = sellerName, st.Title
		}
		stamp := m.At.In(loc).Format("2 Jan 15:04")
		who = shell.Fit(who, 26)
		indent := shell.Width(stamp) + 1 + shell.Width(who) + 2
		for i, l := range shell.SafeWrap(m.Text, max(w-indent, 10)) {
			if i == 0 {
				body = append(body, st.Muted.S(stamp)+" "+wp.S(who)+": "+st.Text.S(l))
			} else {
				body = append(body, strings.Repeat(" ", indent)+st.Text.S(l))
			}
		}
	}
	return body
}

// Chat is one open conversation with its reply input: the part the
// seller's messages pane and the creator's conversations pane share.
type Chat struct {
	With  string // the open conversation's counterpart, "" for the list
	Msgs  []model.ChatMessage
	Err   error
	Input textinput.Model
}

// Capturing reports that the reply input has focus and takes every key.
func (c *Chat) Capturing() bool { return c.With != "" && c.Input.Focused() }

// HelpKeys is a conversation pane's short help: send and back while the
// reply input has focus, chat in a conversation, list on the list.
func (c *Chat) HelpKeys(k *shell.KeyMap, chat, list []key.Binding) []key.Binding {
	return chatHelp(c, []key.Binding{k.Send, k.Back}, chat, list)
}

// HelpGroups is a conversation pane's full help, as HelpKeys in groups.
func (c *Chat) HelpGroups(k *shell.KeyMap, chat, list [][]key.Binding) [][]key.Binding {
	return chatHelp(c, [][]key.Binding{{k.Send, k.Back}}, chat, list)
}

// chatHelp is writing while the reply input has focus, chat in a
// conversation, list on the list.
func chatHelp[T any](c *Chat, writing, chat, list T) T {
	switch {
	case c.Capturing():
		return writing
	case c.With != "":
		return chat
	}
	return list
}

// InputKey handles a key while the reply input has focus: back blurs it,
// send returns the trimmed text to send (if any), anything else is typing.
func (c *Chat) InputKey(msg tea.KeyMsg, k *shell.KeyMap) (send string, cmd tea.Cmd) {
	switch {
	case key.Matches(msg, k.Back):
		c.Input.Blur()
		return "", nil
	case key.Matches(msg, k.Send):
		return strings.TrimSpace(c.Input.Value()), nil
	}
	c.Input, cmd = c.Input.Update(msg)
	return "", cmd
}

// Page draws the open chat in a w×h pane: head, a rule, the load error
// and msgLines (empty when there are no messages) scrolled to the newest,
// and on the last line the focused input or hint.
func (c *Chat) Page(st *shell.Styles, w, h int, head string, msgLines []string, empty, hint string) string {
	lines := []string{head, st.Muted.S(strings.Repeat("─", w))}
	room := h - 4
	var body []string
	if c.Err != nil {
		body = append(body, st.Bad.S(shell.SafeFit(shell.ErrText(c.Err), w)))
	}
	body = append(body, msgLines...)
	if len(c.Msgs) == 0 && c.Err == nil {
		body = append(body, st.Muted.S(empty))
	}
	if len(body) > room {
		body = body[len(body)-room:]
	}
	lines = append(lines, body...)
	for len(lines) < h-1 {
		lines = append(lines, "")
	}
	if c.Input.Focused() {
		lines = append(lines, c.Input.View())
	} else {
		lines = append(lines, st.Muted.S(hint))
	}
	return strings.Join(lines, "\n")
}
