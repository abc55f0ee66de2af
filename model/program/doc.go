// Package program is the seller's affiliate program, pure: how each
// affiliate performs day by day (performance rows, windows, totals), the
// segments that move month by month and the names they go by, goals,
// quality flags, and the program's own policy read from the "program" object
// of the policy file. Like package model it does no I/O and never reads the
// clock.
package program
