package store

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"time"

	"outreach/model"
	"outreach/store/engine"
)

// Request is one outreach action: an invitation or a message from a seller
// to a creator, at Now.
type Request struct {
	Kind    model.ActionKind
	Seller  string
	Creator string
	Text    string        // the message, or the invitation's note
	Collab  *model.Collab // a Target Collaboration, for an invitation
	Key     string        // idempotency key, scoped to the seller; optional
	Actor   string        // who acted, for the log (the SSH key's account)
	Now     time.Time
}

// MaxKeyBytes bounds an idempotency key.
const MaxKeyBytes = 128

// ValidKey checks an idempotency key: printable ASCII (space to '~'), at
// most MaxKeyBytes bytes, since keys are stored and echoed to agents. The
// empty key means none.
func ValidKey(k string) error {
	if len(k) > MaxKeyBytes {
		return fmt.Errorf("key is %d bytes; a key is printable ASCII, at most %d bytes: %w", len(k), MaxKeyBytes, model.ErrInvalid)
	}
	for i := 0; i < len(k); i++ {
		if k[i] < 0x20 || k[i] > 0x7e {
			return fmt.Errorf("key has byte %#02x at offset %d; a key is printable ASCII (space to ~), at most %d bytes: %w", k[i], i, MaxKeyBytes, model.ErrInvalid)
		}
	}
	return nil
}

// Validate checks the request's own fields (not the rules) and makes its
// text safe. The error names the field.
func (r *Request) Validate() error {
	if err := model.ValidID("seller", r.Seller); err != nil {
		return err
	}
	if err := model.ValidID("creator", r.Creator); err != nil {
		return err
	}
	if err := ValidKey(r.Key); err != nil {
		return err
	}
	if err := validNow(r.Now); err != nil {
		return err
	}
	var err error
	switch r.Kind {
	case model.Message:
		if r.Text, err = model.LimitText("text", r.Text, model.MaxMessageRunes); err != nil {
			return err
		}
		if r.Text == "" {
			return fmt.Errorf("text is empty: %w", model.ErrInvalid)
		}
	case model.Invite:
		if r.Text, err = model.LimitText("message", r.Text, model.MaxInviteMessageRune); err != nil {
			return err
		}
		if r.Collab != nil {
			if err := r.Collab.Validate(r.Now); err != nil {
				return err
			}
			if err := model.CheckInstant(r.Collab.EndDate); err != nil {
				return fmt.Errorf("end date: %w", err)
			}
		}
	default:
		return fmt.Errorf("unknown action: %w", model.ErrInvalid)
	}
	return nil
}

func (r *Request) hash() []byte {
	h := sha256.New()
	fmt.Fprintf(h, "%d\x00%s\x00%s\x00", r.Kind, r.Creator, r.Text)
	if r.Collab != nil {
		json.NewEncoder(h).Encode(r.Collab)
	}
	return h.Sum(nil)
}

// Outcome is the answer to a Request, given only after its commit returned.
type Outcome struct {
	model.Decision
	Kind     string `json:"kind"`
	Seller   string `json:"seller"`
	Creator  string `json:"creator"`
	Replayed bool   `json:"replayed,omitempty"` // the same key was seen: this is the first decision
	Message  uint64 `json:"message_id,omitempty"`
	Invite   uint64 `json:"invite_id,omitempty"`
}

type idemRecord struct {
	Hash    []byte    `json:"hash"`
	At      time.Time `json:"at"`
	Outcome Outcome   `json:"outcome"`
}

// Outreach decides one action and, when it is allowed, charges and records
// it, all in one transaction; it returns after the commit. A request that is
// malformed is an error (nothing is recorded); a refusal by a rule is an
// Outcome with Allowed false, recorded in the decision log.
func (s *Store) Outreach(r Request) (Outcome, error) {
	out, err := s.OutreachBatch([]Request{r})
	if err != nil {
		return Outcome{}, err
	}
	return out[0], nil
}

// OutreachBatch decides the requests in order in one transaction, as a
// confirmed batch from the console: each is decided for real, later ones
// seeing the credits earlier ones spent.
func (s *Store) OutreachBatch(rs []Request) ([]Outcome, error) {
	for i := range rs {
		if err := rs[i].Validate(); err != nil {
			if len(rs) > 1 {
				return nil, fmt.Errorf("request %d (%s): %w", i+1, rs[i].Creator, err)
			}
			return nil, err
		}
	}
	out := make([]Outcome, len(rs))
	err := s.update(func(w *wtx) error {
		for i := range rs {
			o, err := s.outreachTx(w, &rs[i])
			if err != nil {
				return err
			}
			out[i] = o
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// outreachTx is one checked send: load its state, ask model once for the
// decision and its effects, apply them.
func (s *Store) outreachTx(w *wtx, r *Request) (Outcome, error) {
	out := Outcome{Kind: r.Kind.String(), Seller: r.Seller, Creator: r.Creator}
	// Load.
	var ik []byte
	if r.Key != "" {
		ik = key(r.Seller, r.Key)
		var rec idemRecord
		ok, err := getJSON(w, bIdem, ik, &rec)
		if err != nil {
			return out, err
		}
		if ok {
			if string(rec.Hash) == string(r.hash()) {
				rec.Outcome.Replayed = true
				return rec.Outcome, nil
			}
			out.Decision = model.Decision{Reason: model.ReasonIdemConflict,
				Message: fmt.Sprintf("The key %q was already used for a different request.", model.Clip(model.SafeLine(r.Key), 40))}
			return out, s.logDecision(w, r, &out)
		}
	}
	sq, err := s.cachedQuota(w, r.Seller, r.Now)
	if err != nil {
		return out, err
	}
	subj := model.Subject{SellerKnown: sq != nil, SellerID: r.Seller, CreatorID: r.Creator}
	if sq == nil {
		// No quota to report and no log to write to: unknown sellers are not recorded.
		out.Decision, _, _ = s.policy.Send(model.Quota{}, subj, r.Kind, r.Now)
		out.Decision.Quota = model.QuotaStatus{}
		return out, nil
	}
	sq.keep()
	cr, err := getCreator(w, r.Creator)
	if err != nil {
		return out, err
	}
	if cr != nil {
		subj.CreatorKnown, subj.Handle, subj.Followers = true, cr.Handle, cr.Followers
		if subj.Rel, err = getRel(w, r.Seller, r.Creator); err != nil {
			return out, err
		}
	}
	// Decide.
	d, eff, ok := s.policy.Send(sq.q, subj, r.Kind, r.Now)
	out.Decision = d
	// Apply.
	if ok {
		sq.set(eff.Quota)
		w.ch.add(ChangedQuota, r.Seller, "")
		if err := s.deliver(w, r, &out); err != nil {
			return out, err
		}
		w.ch.add(ChangedRelation, r.Seller, r.Creator)
		if err := putRel(w, r.Seller, r.Creator, &eff.Rel); err != nil {
			return out, err
		}
	}
	if err := s.logDecision(w, r, &out); err != nil {
		return out, err
	}
	if ik != nil {
		if err := putJSON(w, bIdem, ik, &idemRecord{Hash: r.hash(), At: r.Now, Outcome: out}); err != nil {
			return out, err
		}
	}
	return out, nil
}

// deliver records an allowed message or invitation.
func (s *Store) deliver(w *wtx, r *Request, out *Outcome) error {
	at := r.Now
	switch r.Kind {
	case model.Message:
		seq, err := nextSeq(w, bMsgs)
		if err != nil {
			return err
		}
		m := model.ChatMessage{Seq: seq, SellerID: r.Seller, CreatorID: r.Creator, FromSeller: true, Text: r.Text, At: at}
		if err := w.Put(bMsgs, msgKey(r.Seller, r.Creator, seq), encodeMessage(&m)); err != nil {
			return err
		}
		out.Message = seq
		w.ch.add(ChangedMessages, r.Seller, r.Creator)
	case model.Invite:
		id, err := nextSeq(w, bInvites)
		if err != nil {
			return err
		}
		inv := model.Invitation{ID: id, SellerID: r.Seller, CreatorID: r.Creator, State: model.Pending, Collab: r.Collab, Message: r.Text, At: at, Updated: at}
		if err := putJSON(w, bInvites, u64(id), &inv); err != nil {
			return err
		}
		if err := w.Put(bInvByCr, append(prefix(r.Creator), u64(id)...), []byte(r.Seller)); err != nil {
			return err
		}
		if err := w.Put(bInvBySl, append(prefix(r.Seller), u64(id)...), nil); err != nil {
			return err
		}
		out.Invite = id
		w.ch.add(ChangedInvites, r.Seller, r.Creator)
	}
	return nil
}

func msgKey(seller, creator string, seq uint64) []byte {
	return append(prefix(seller, creator), u64(seq)...)
}

func (s *Store) logDecision(w *wtx, r *Request, out *Outcome) error {
	seq, err := nextSeq(w, bDecisions)
	if err != nil {
		return err
	}
	rec := model.DecisionRecord{Seq: seq, At: r.Now, SellerID: r.Seller, CreatorID: r.Creator, Kind: r.Kind.String(),
		Allowed: out.Allowed, Reason: out.Reason, Message: out.Decision.Message, Charged: out.Charged, Credit: out.Credit,
		Key: r.Key, Actor: r.Actor}
	return w.Put(bDecisions, append(prefix(r.Seller), u64(seq)...), encodeDecision(&rec))
}

// DryRun decides what sending kind to each creator would do, in order,
// without charging or recording anything: the preview before a batch. It
// writes nothing, whatever now is.
func (s *Store) DryRun(seller string, creators []string, kind model.ActionKind, now time.Time) ([]model.Decision, int, error) {
	if err := validNow(now); err != nil {
		return nil, 0, err
	}
	var ds []model.Decision
	var cost int
	err := s.view(func(tx engine.Tx) error {
		sl, err := mustSeller(tx, seller)
		if err != nil {
			return err
		}
		sq, err := s.loadQuota(tx, sl, now)
		if err != nil {
			return err
		}
		subjects := make([]model.Subject, len(creators))
		for i, id := range creators {
			subjects[i] = model.Subject{SellerKnown: true, SellerID: seller, CreatorID: id}
			cr, err := getCreator(tx, id)
			if err != nil {
				return err
			}
			if cr == nil {
				continue
			}
			subjects[i].CreatorKnown, subjects[i].Handle, subjects[i].Followers = true, cr.Handle, cr.Followers
			if subjects[i].Rel, err = getRel(tx, seller, id); err != nil {
				return err
			}
		}
		ds, cost = s.policy.DryRun(sq.q, subjects, kind)
		return nil
	})
	return ds, cost, err
}

// Quota reports a seller's quota at now. It writes nothing: a week that was
// never used is shown as it would be evaluated now, and is frozen by the
// first write that uses it (a send, a grant), so reading a future week never
// pins its tier.
func (s *Store) Quota(seller string, now time.Time) (model.QuotaStatus, error) {
	var st model.QuotaStatus
	if err := validNow(now); err != nil {
		return st, err
	}
	err := s.view(func(tx engine.Tx) error {
		sl, err := mustSeller(tx, seller)
		if err != nil {
			return err
		}
		sq, err := s.loadQuota(tx, sl, now)
		if err != nil {
			return err
		}
		st = sq.q.Status()
		return nil
	})
	return st, err
}
