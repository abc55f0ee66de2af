package console

import (
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"outreach/model"
)

// chatLines renders a conversation for a w-cell pane, oldest first: a time
// stamp in loc, who wrote it (sellerName or creatorName, already safe; the
// seller's side in the title style), and the text wrapped under itself.
func chatLines(st *Styles, msgs []model.ChatMessage, loc *time.Location, w int, sellerName, creatorName string) []string {
	var body []string
	for _, m := range msgs {
		who, wp := creatorName, st.Handle
		if m.FromSeller {
			who, wp = sellerName, st.Title
		}
		stamp := m.At.In(loc).Format("2 Jan 15:04")
		who = fit(who, 26)
		indent := width(stamp) + 1 + width(who) + 2
		for i, l := range safeWrap(m.Text, max(w-indent, 10)) {
			if i == 0 {
				body = append(body, st.Muted.S(stamp)+" "+wp.S(who)+": "+st.Text.S(l))
			} else {
				body = append(body, strings.Repeat(" ", indent)+st.Text.S(l))
			}
		}
	}
	return body
}

// chatState is one open conversation with its reply input: the part the
// seller's messages pane and the creator's conversations pane share.
type chatState struct {
	chat    string // the open conversation's counterpart, "" for the list
	msgs    []model.ChatMessage
	chatErr error
	input   textinput.Model
}

// Capturing reports that the reply input has focus and takes every key.
func (c *chatState) Capturing() bool { return c.chat != "" && c.input.Focused() }

// inputKey handles a key while the reply input has focus: back blurs it,
// send hands the trimmed text (if any) to send, anything else is typing.
func (c *chatState) inputKey(msg tea.KeyMsg, k *KeyMap, send func(text string) tea.Cmd) tea.Cmd {
	switch {
	case key.Matches(msg, k.Back):
		c.input.Blur()
		return nil
	case key.Matches(msg, k.Send):
		text := strings.TrimSpace(c.input.Value())
		if text == "" {
			return nil
		}
		return send(text)
	}
	var cmd tea.Cmd
	c.input, cmd = c.input.Update(msg)
	return cmd
}

// chatPage draws the open chat in a w×h pane: head, a rule, the load error
// and msgLines (empty when there are no messages) scrolled to the newest,
// and on the last line the focused input or hint.
func (c *chatState) chatPage(st *Styles, w, h int, head string, msgLines []string, empty, hint string) string {
	lines := []string{head, st.Muted.S(strings.Repeat("─", w))}
	room := h - 4
	var body []string
	if c.chatErr != nil {
		body = append(body, st.Bad.S(safeFit(errText(c.chatErr), w)))
	}
	body = append(body, msgLines...)
	if len(c.msgs) == 0 && c.chatErr == nil {
		body = append(body, st.Muted.S(empty))
	}
	if len(body) > room {
		body = body[len(body)-room:]
	}
	lines = append(lines, body...)
	for len(lines) < h-1 {
		lines = append(lines, "")
	}
	if c.input.Focused() {
		lines = append(lines, c.input.View())
	} else {
		lines = append(lines, st.Muted.S(hint))
	}
	return strings.Join(lines, "\n")
}
