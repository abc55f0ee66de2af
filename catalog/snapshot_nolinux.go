//go:build unix && !linux

package catalog

// mapPopulate is Linux's alone.
const mapPopulate = 0
