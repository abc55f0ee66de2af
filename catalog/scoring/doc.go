// Package scoring is the finder's fuzzy score, pure: sahilm/fuzzy v0.1.3's
// scoring step for step without its allocations (Fuzzy), its fast paths for
// ASCII text (ASCII) and one-byte patterns (One), the byte tables they read,
// and the per-key signature (Sig) whose bound lets a scan skip keys that
// cannot reach its top k. The catalog holds it to the library in its tests.
package scoring
