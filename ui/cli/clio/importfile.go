package clio

import (
	"errors"
	"io/fs"
	"os"

	"outreach/model"
	"outreach/store/importfile"
)

// OpenImport opens an import file (CSV or JSON Lines, by its name) for
// reading; name is the path made safe for messages. A directory, a missing
// or unreadable file and an unknown ending are usage errors.
func OpenImport(path string) (file *os.File, f importfile.Format, name string, err error) {
	name = model.Clip(Safe(path), 200)
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return nil, f, name, Usage("import: %s is a directory; give a .csv or .jsonl file", name)
	}
	if f, err = importfile.FormatFor(path); err != nil {
		return nil, f, name, err
	}
	file, err = os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, f, name, Usage("import: %s: no such file", name)
	}
	if err != nil {
		return nil, f, name, Usage("import: %s: %v", name, errors.Unwrap(err))
	}
	return file, f, name, nil
}
