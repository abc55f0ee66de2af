package model

import "errors"

// Sentinel errors; callers wrap them with context and test them with errors.Is.
var (
	// ErrInvalid marks bad input: a value out of range, a malformed field.
	ErrInvalid = errors.New("invalid input")
	// ErrNotFound marks an id that names nothing.
	ErrNotFound = errors.New("not found")
	// ErrForbidden marks an action the acting role may not take.
	ErrForbidden = errors.New("not permitted")
	// ErrBlocked marks a creator action stopped by a block.
	ErrBlocked = errors.New("blocked")
)
