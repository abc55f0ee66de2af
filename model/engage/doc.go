// Package engage is how a seller reaches its affiliates, pure: message
// templates and their variables, campaign definitions, audiences, plans and
// schedules, sequences, milestones with their drafts, and the program's
// metrics, which put performance and campaign results side by side. It does
// no I/O and never reads the clock.
package engage
