// Package collab is the seller console's Target Collaboration form (an
// invitation with products, commission and an end date, to the creators
// picked for it) and the batch modal every invitation and message goes
// through: the text of a message, the checker's dry run with the cost and
// each refusal, the confirmation and the per-creator results.
package collab

import (
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"outreach/backend"
	"outreach/model"
	"outreach/store"
	"outreach/ui/shell"
)

// Host is what the form and the batch read and change of the console's
// session: the creators marked for a batch, names, the seller's zone and
// quota. Every call is on the event loop.
type Host interface {
	// Marks are the creators marked for a batch, in marking order.
	Marks() []string
	// Marked, ToggleMark and ClearMarks read and change the marks.
	Marked(id string) bool
	ToggleMark(id string)
	ClearMarks()
	// Who names a creator for the screen (untrusted text).
	Who(id string) string
	// Relations are the seller's relations with creators.
	Relations() map[string]model.Relation
	// Recommended are the creators of the latest ranking, best first.
	Recommended() []string
	// Location is the seller's time zone.
	Location() *time.Location
	// QuotaStatus is the seller's quota as last read.
	QuotaStatus() model.QuotaStatus
	// AfterSend reloads what a sent batch changes.
	AfterSend() tea.Cmd
}

// Sender is the part of the seller's backend handle a batch uses; its
// calls run off the event loop.
type Sender interface {
	Now() time.Time
	Preview(creators []string, kind model.ActionKind) ([]model.Decision, int, error)
	SendBatch(kind model.ActionKind, items []backend.Outreach) ([]store.Outcome, error)
}

// Env is what the form and the batch are built from.
type Env struct {
	S *shell.Session
	// Keys are the session's bindings (its own copy, remapped).
	Keys *Keys
	// ClearMarks is Find's binding that unmarks every creator.
	ClearMarks *key.Binding
	Host       Host
	Seller     Sender
}

// Keys are the form's and the batch's bindings. The seller console embeds
// them in its key map, so they are named and remapped with its others.
type Keys struct {
	// Batches: preview what a message costs, send after the preview, or
	// close a preview where nothing can be sent.
	Preview, SendBatch, Close key.Binding
	// Target Collaboration form.
	EditForm, FieldNext, FieldEnter, FieldPrev, Toggle, SampleYes, SampleNo key.Binding
	Submit, AddSaved, AddRecommended, RemovePick                            key.Binding
}

// DefaultKeys returns a fresh copy of the default bindings.
func DefaultKeys() Keys {
	return Keys{
		Preview:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "preview the cost")),
		SendBatch: key.NewBinding(key.WithKeys("y", "enter"), key.WithHelp("y/enter", "send")),
		Close:     key.NewBinding(key.WithKeys("n", "esc", "enter"), key.WithHelp("n/esc", "close")),

		EditForm:       key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "edit the form")),
		FieldNext:      key.NewBinding(key.WithKeys("tab", "down"), key.WithHelp("tab/↓", "next field")),
		FieldEnter:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "next field")),
		FieldPrev:      key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("shift+tab/↑", "previous field")),
		Toggle:         key.NewBinding(key.WithKeys(" "), key.WithHelp("space", "toggle")),
		SampleYes:      key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "free sample")),
		SampleNo:       key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "no free sample")),
		Submit:         key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "preview & send")),
		AddSaved:       key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "add saved")),
		AddRecommended: key.NewBinding(key.WithKeys("R"), key.WithHelp("R", "add recommended")),
		RemovePick:     key.NewBinding(key.WithKeys("x", "delete"), key.WithHelp("x", "remove the picked creator")),
	}
}

// ProductsText is a collaboration's products with their commissions:
// "sku-1 15% · sku-2 12.5%", made safe.
func ProductsText(ps []model.Product) string {
	parts := make([]string, len(ps))
	for i, pr := range ps {
		parts[i] = shell.Safe(pr.ID) + " " + strconv.FormatFloat(pr.Commission, 'f', -1, 64) + "%"
	}
	return strings.Join(parts, " · ")
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
