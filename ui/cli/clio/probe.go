package clio

import "outreach/backend"

// Probes: the handle each command asks for, with the principal's own
// account (Spec.Probe).

// AsSeller probes for the principal's seller handle.
func AsSeller(p *backend.Principal) error { _, err := p.Seller(p.Identity().Account); return err }

// AsSellerView probes for the principal's read-only seller view.
func AsSellerView(p *backend.Principal) error {
	_, err := p.SellerView(p.Identity().Account)
	return err
}

// AsCreator probes for the principal's creator handle.
func AsCreator(p *backend.Principal) error { _, err := p.Creator(p.Identity().Account); return err }

// AsCreatorView probes for the principal's read-only creator view.
func AsCreatorView(p *backend.Principal) error {
	_, err := p.CreatorView(p.Identity().Account)
	return err
}

// AsSellerOrCreator probes for a seller handle, else a creator handle.
func AsSellerOrCreator(p *backend.Principal) error {
	if AsSeller(p) == nil {
		return nil
	}
	return AsCreator(p)
}

// AsSellerOrAgent probes for a seller's own handle, else an agent's (an
// admin has both).
func AsSellerOrAgent(p *backend.Principal) error {
	if AsSeller(p) == nil {
		return nil
	}
	return AsAgent(p)
}

// AsDirectory probes for the creator directory.
func AsDirectory(p *backend.Principal) error { _, err := p.Directory(); return err }

// AsAgent probes for the agent handle.
func AsAgent(p *backend.Principal) error { _, err := p.Agent(); return err }

// AsAdmin probes for the admin handle.
func AsAdmin(p *backend.Principal) error { _, err := p.Admin(); return err }
